import { StoreError } from '../core/index.js';
import { Gallery, type StopBitsGeneration } from './gallery.js';
import { offerStopBits, readStopBits, stopBitsDue, syncGalleryRecords, type RecordEncoder, type StoredStopBits } from './load-gallery-from-store.js';
import type { ShardSelector, SubjectStore } from './ports.js';

/** What one {@link RenewingGallery.check} did. */
export interface StopBitsCheck {
  /** `kept`: the generation in force stays; `renewed`: this process offered the next one; `adopted`: it took another process's. */
  readonly outcome: 'kept' | 'renewed' | 'adopted';
  /** The generation in force afterwards. */
  readonly generation: StopBitsGeneration;
  /** Milliseconds the new gallery took (read from the store, masks applied, changes replayed); 0 when kept. */
  readonly ms: number;
}

export interface RenewingGalleryOptions {
  readonly store: SubjectStore;
  /** The shard this process holds (its size for the renewal rule is then the store's count). */
  readonly shard?: ShardSelector;
  /**
   * Keep the previous generation's gallery after a switch (a shard replica: coordinators may
   * still ask for it until every shard holds the new one) until {@link releasePrevious}.
   */
  readonly retainPrevious?: boolean;
  /**
   * Encodes the records read for the new gallery elsewhere (encodeRecords on a search thread,
   * see search-worker.ts), leaving the main thread free; default: on the main thread.
   */
  readonly encode?: RecordEncoder;
  /** Records per store read while building (default 50: each is encoded on the main thread in one go, so smaller means shorter pauses of the event loop). */
  readonly batchSize?: number;
}

/**
 * A gallery whose stop bits follow its growth. The masks are computed once the gallery holds
 * `stopBitsMinSubjects`, and again (a new generation) each time it has grown
 * `stopBitsRenewalFactor` times past the size they were computed from, or when another process
 * of the deployment published a newer generation in the store (compare-and-set, see
 * offerStopBits): which code bits are common drifts with the population, and a gallery that
 * started small had none.
 *
 * Cleared bits are gone from stored codes, so a new generation is a new gallery, read from the
 * store in the background while the current one serves: unmasked when this process computes
 * the masks (from its own subjects; a shard's subjects are a hash-random share of everyone), or
 * with the stored masks from the start when it adopts another's. Every change made meanwhile
 * ({@link mutate}) is applied to the galleries in service and kept in a journal replayed on the
 * new one before it takes over, in the same synchronous step, so nothing enrolled, changed or
 * erased during the build is lost. A search reads one gallery's snapshot with that gallery's
 * packing (GallerySearcher), so it never scores probe codes packed with one generation's masks
 * against stored codes of another.
 *
 * Cost of a renewal: one store scan and one encoding per subject (what a start-up without a
 * snapshot costs), and a second gallery in memory until the switch (bench/RESULTS.md).
 * Thread-safety: main thread only, like Gallery.
 */
export class RenewingGallery {
  private galleries: Gallery[];
  private journal: ((g: Gallery) => void)[] | undefined;
  private running: Promise<StopBitsCheck> | undefined;

  /**
   * `initial`: the gallery loaded, or (a shard replica started during a switch, see
   * retainPrevious) the previous generation's and the current one's, oldest first, both holding
   * the same subjects; AFIS_VALIDATION when their generations do not increase.
   */
  constructor(initial: Gallery | readonly [Gallery, Gallery], private readonly options: RenewingGalleryOptions) {
    this.galleries = Array.isArray(initial) ? [...initial] : [initial as Gallery];
    const [a, b] = this.galleries;
    if (b && !(a.stopBitsGeneration.generation < b.stopBitsGeneration.generation)) {
      throw new StoreError('AFIS_VALIDATION', `a previous stop-bit generation ${a.stopBitsGeneration.generation} before ${b.stopBitsGeneration.generation}`);
    }
  }

  /** The gallery of the newest generation: enrolments go to every held gallery, searches default here. */
  get current(): Gallery {
    return this.galleries[this.galleries.length - 1];
  }

  /** The held galleries' generations, oldest first (two while a shard keeps the previous one). */
  generations(): number[] {
    return this.galleries.map((g) => g.stopBitsGeneration.generation);
  }

  /** The gallery of this generation (undefined: not held); no generation: the current one. */
  galleryOf(generation?: number): Gallery | undefined {
    if (generation === undefined) return this.current;
    return this.galleries.find((g) => g.stopBitsGeneration.generation === generation);
  }

  /** True while a new generation is being built. */
  get renewing(): boolean {
    return this.journal !== undefined;
  }

  /**
   * Applies a change (a put, a metadata change, a removal) to every held gallery, and to the one
   * being built once it is read. `change` must give the same result applied twice or late (it
   * is replayed on a gallery that may already hold its effect from the store).
   */
  mutate(change: (g: Gallery) => void): void {
    for (const g of this.galleries) change(g);
    this.journal?.push(change);
  }

  /** Drops every gallery but the current one (a shard, once no coordinator asks for the old generation). */
  releasePrevious(): void {
    this.galleries = [this.current];
  }

  /**
   * Whether a new generation is due or published, and if so builds it and switches to it.
   * Calls made while one runs share it. Store failures reject (the current gallery stays).
   */
  check(): Promise<StopBitsCheck> {
    this.running ??= this.renewIfDue().finally(() => {
      this.running = undefined;
      this.journal = undefined;
    });
    return this.running;
  }

  private async renewIfDue(): Promise<StopBitsCheck> {
    const { store, shard } = this.options;
    const current = this.current;
    const params = current.params;
    const held = current.stopBitsGeneration;
    const stored = await readStopBits(store, params);
    if (stored && (stored.generation > held.generation || !sameMasks(stored, current))) {
      return this.build(stored);
    }
    const size = shard ? await store.count() : current.size;
    const basis = stored ?? (store.readSetting ? undefined : held);
    if (!stopBitsDue(params, basis, size)) return { outcome: 'kept', generation: held, ms: 0 };
    return this.build(undefined, stored, { generation: Math.max(held.generation, stored?.generation ?? 0) + 1, subjects: size });
  }

  /** A new gallery with `adopt`'s masks, or with masks of its own offered as `next` in place of `expected`. */
  private async build(adopt: StoredStopBits | undefined, expected?: StoredStopBits, next?: StopBitsGeneration): Promise<StopBitsCheck> {
    const t0 = performance.now();
    const { store, shard } = this.options;
    const params = this.current.params;
    this.journal = [];
    const g = new Gallery(params);
    if (adopt) g.applyStopMasks(adopt.masks, adopt);
    await syncGalleryRecords(store, g, { batchSize: this.options.batchSize ?? 50, ...(shard ? { shard } : {}), ...(this.options.encode ? { encode: this.options.encode } : {}) });
    let outcome: StopBitsCheck['outcome'] = 'adopted';
    if (!adopt) {
      const own = await g.computeStopMasksInSteps(yieldToEventLoop);
      const offered = await offerStopBits(store, params, expected, next!, own);
      outcome = offered.generation === next!.generation && offered.masks.every((m, i) => m === own[i]) ? 'renewed' : 'adopted';
      if (offered.generation <= this.current.stopBitsGeneration.generation && sameMasks(offered, this.current)) {
        // another process published what this one holds already (a renewal raced with a reset)
        return { outcome: 'kept', generation: this.current.stopBitsGeneration, ms: 0 };
      }
      await g.applyStopMasksInSteps(offered.masks, offered, yieldToEventLoop);
    }
    // the changes made while the store was read (in steps while many are left), then the last
    // few and the switch, with nothing in between
    const journal = this.journal;
    if (!journal) throw new StoreError('AFIS_INTERNAL', 'stop-bit renewal lost its journal');
    let replayed = 0;
    while (journal.length - replayed > JOURNAL_STEP) {
      const end = replayed + JOURNAL_STEP;
      for (; replayed < end; replayed++) journal[replayed](g);
      await yieldToEventLoop();
    }
    for (; replayed < journal.length; replayed++) journal[replayed](g);
    this.journal = undefined;
    this.galleries = this.options.retainPrevious ? [...this.galleries.filter((x) => x.stopBitsGeneration.generation < g.stopBitsGeneration.generation).slice(-1), g] : [g];
    return { outcome, generation: g.stopBitsGeneration, ms: Math.round(performance.now() - t0) };
  }
}

/** Changes replayed between two pauses of the event loop (an enrolment costs about 15 ms). */
const JOURNAL_STEP = 8;

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function sameMasks(stored: StoredStopBits, g: Gallery): boolean {
  return g.hasStopBits && stored.masks.every((m, i) => m === g.stopMasks[i]);
}
