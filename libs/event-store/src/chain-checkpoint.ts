/**
 * A link of the hash chain kept outside the database. `verify` proves the chain is consistent,
 * which a superuser who rewrites the whole tail (and recomputes every hash after the change)
 * can keep it; the hash at a position exported earlier cannot be recomputed to match.
 */
export interface ChainCheckpoint {
  position: number;
  hash: string;
}

export type CheckpointComparison = { ok: true; position: number } | { ok: false; position: number; expected: string; found: string | null };

/** Compares the exported link with the hash stored now at its position (null: no row there any more). */
export function compareCheckpoint(checkpoint: ChainCheckpoint, storedHash: string | null): CheckpointComparison {
  if (storedHash === checkpoint.hash) return { ok: true, position: checkpoint.position };
  return { ok: false, position: checkpoint.position, expected: checkpoint.hash, found: storedHash };
}

/** Reads a checkpoint file's JSON; throws naming what is wrong with it. */
export function parseCheckpoint(text: string): ChainCheckpoint {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error('the checkpoint is not JSON');
  }
  const { position, hash } = (value ?? {}) as Record<string, unknown>;
  if (typeof position !== 'number' || !Number.isInteger(position) || position < 0)
    throw new Error('the checkpoint has no position (a whole number ≥ 0)');
  if (typeof hash !== 'string' || !/^[0-9a-f]{64}$/.test(hash)) throw new Error('the checkpoint has no hash (64 hex digits)');
  return { position, hash };
}
