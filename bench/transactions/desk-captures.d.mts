/** The desk's captures of a set whose image i is of finger `fingers[i]`: `[{ index, position }]` per capture. */
export function deskCaptures(fingers: readonly number[]): Array<Array<{ index: number; position: number }>>;
