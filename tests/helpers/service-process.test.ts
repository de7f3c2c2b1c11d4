/**
 * The service-process helper the kill/restart tests run their services with. A loaded CI run
 * lost BE mid-way through the Eurodac link test, and both idempotency-kill tests, because the
 * helper's start-up deadline was never cleared: it SIGKILLed every service `timeoutMs` after its
 * start (90 s in the link test, 30 s elsewhere), which only a slow run reached, and reported
 * nothing because a SIGKILL passed for the test's own. Small node children stand in for the service.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { killService, superviseService } from './service-process.js';

/** A node child running `script` (real exits and signals); LISTENING prints an address line as `afis serve` does. */
function child(script: string): ChildProcess {
  return spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
}
const LISTENING = `console.log(JSON.stringify({ level: 30, address: 'http://127.0.0.1:1', msg: 'afis listening' }));`;
const STAY = 'setInterval(() => {}, 1000);';
const exited = (c: ChildProcess) => new Promise<void>((r) => (c.exitCode !== null || c.signalCode !== null ? r() : c.once('exit', () => r())));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A child process as the helper sees it (its output streams, its exit, kill), driven by the test:
 * the start-up deadline is timed on fake timers, whatever the machine's load.
 */
class FakeChild extends EventEmitter {
  readonly stdout = new EventEmitter();
  readonly stderr = new EventEmitter();
  exitCode: number | null = null;
  signalCode: NodeJS.Signals | null = null;
  readonly signals: string[] = [];
  kill(signal: NodeJS.Signals = 'SIGTERM'): boolean {
    this.signals.push(signal);
    this.signalCode = signal;
    this.emit('exit', null, signal);
    return true;
  }
}
const ADDRESS_LINE = '{"level":30,"address":"http://127.0.0.1:1","msg":"afis listening"}\n';

describe('superviseService', () => {
  afterEach(() => vi.useRealTimers());

  it('a service that printed its address outlives the start-up deadline', async () => {
    vi.useFakeTimers();
    const reports: string[] = [];
    const c = new FakeChild();
    const started = superviseService(c as unknown as ChildProcess, 'stand-in', 30_000, (t) => reports.push(t));
    vi.advanceTimersByTime(10_000);
    c.stdout.emit('data', Buffer.from(ADDRESS_LINE));
    expect((await started).base).toBe('http://127.0.0.1:1');
    // its test runs on for minutes
    vi.advanceTimersByTime(600_000);
    expect(c.signals).toEqual([]);
    await killService(c as unknown as ChildProcess);
    expect(c.signals).toEqual(['SIGKILL']);
    expect(reports).toEqual([]);
  });

  it('a service that never printed its address is killed at the deadline and the start fails', async () => {
    vi.useFakeTimers();
    const reports: string[] = [];
    const c = new FakeChild();
    const started = superviseService(c as unknown as ChildProcess, 'stand-in', 30_000, (t) => reports.push(t));
    c.stderr.emit('data', Buffer.from('still loading'));
    vi.advanceTimersByTime(29_999);
    expect(c.signals).toEqual([]);
    vi.advanceTimersByTime(1);
    await expect(started).rejects.toThrow(/^no address within 30 s: still loading$/);
    expect(c.signals).toEqual(['SIGKILL']);
    expect(reports).toEqual([]);
  });

  it('a service that exits by itself after its start is reported with its last output', async () => {
    const reports: string[] = [];
    const c = child(`${LISTENING} setTimeout(() => { process.stderr.write('AFIS_SOMETHING_FATAL'); process.exit(3); }, 200);`);
    await superviseService(c, 'afis serve on /tmp/x', 60_000, (t) => reports.push(t));
    await exited(c);
    await sleep(50);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatch(/^afis serve on \/tmp\/x exited by itself \(3\) \d+\.\d s after its start; its last output:\n/);
    expect(reports[0]).toContain('AFIS_SOMETHING_FATAL');
  });

  it('a SIGKILL the helper did not send (the OOM killer\'s, say) is reported; one through killService is not', async () => {
    const reports: string[] = [];
    const a = child(LISTENING + STAY);
    const b = child(LISTENING + STAY);
    await Promise.all([superviseService(a, 'a', 60_000, (t) => reports.push(t)), superviseService(b, 'b', 60_000, (t) => reports.push(t))]);
    process.kill(a.pid!, 'SIGKILL');
    await killService(b);
    await exited(a);
    await sleep(50);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatch(/^a exited by itself \(SIGKILL\) .*a SIGKILL this helper did not send/);
  });
});
