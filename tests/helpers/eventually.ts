/** Polls `check` every 50 ms until it holds; throws once `ms` have passed without it. */
export async function waitUntil(check: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) {
      // once more after the messages that arrived while the event loop was busy are read (a
      // heartbeat waiting unread in the socket is not a silent replica), then give up
      await new Promise((r) => setImmediate(r));
      if (await check()) return;
      throw new Error('condition not met in time');
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
