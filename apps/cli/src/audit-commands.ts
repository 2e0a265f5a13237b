import { describeBrokenAttachment, verifyAudit } from '@ledger/attachments';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseCheckpoint, type ChainCheckpoint } from '@ledger/event-store';
import { CliError, UsageError, type Command } from './command';

function options(args: string[], name: string): string | undefined {
  try {
    const { values } = parseArgs({ args, options: { [name]: { type: 'string' } }, allowPositionals: false, strict: true });
    return values[name] as string | undefined;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

const auditCheckpoint: Command = {
  command: 'audit checkpoint',
  usage: '[--out <file>]',
  summary: 'export the tip of the hash chain (position, hash) to keep outside the database',
  async run({ args, io, connect }) {
    const out = options(args, 'out');
    const { storage } = await connect();
    const checkpoint = await storage.store.checkpoint();
    const text = `${JSON.stringify({ ...checkpoint, exportedAt: new Date().toISOString() })}\n`;
    if (out) {
      writeFileSync(out, text);
      io.stdout(`checkpoint at position ${checkpoint.position} written to ${out}\n`);
    } else {
      io.stdout(text);
    }
    return 0;
  },
};

const auditVerify: Command = {
  command: 'audit verify',
  usage: '[--checkpoint <file>]',
  summary:
    "walk the event store's hash chain and name the first broken position, then check every evidence file the events name; with a checkpoint, check the chain still passes through it",
  async run({ args, io, connect }) {
    const file = options(args, 'checkpoint');
    const checkpoint = file === undefined ? undefined : readCheckpoint(file);
    const { storage } = await connect();
    // The chain, then every evidence file the events name (its bytes still have their sha256).
    const result = await verifyAudit(storage.store, storage.attachments.blobs);
    io.stdout(`${JSON.stringify(result)}\n`);
    io.stdout(
      result.firstBrokenPosition === null
        ? `chain intact: ${result.checked} events checked\n`
        : `chain broken at position ${result.firstBrokenPosition}\n`,
    );
    const { firstBroken, checked } = result.attachments;
    io.stdout(firstBroken ? `${describeBrokenAttachment(firstBroken)}\n` : `evidence intact: ${checked} files checked\n`);
    if (!checkpoint) return result.ok ? 0 : 1;
    const anchored = await storage.store.compareCheckpoint(checkpoint);
    io.stdout(
      anchored.ok
        ? `checkpoint matches at position ${anchored.position}\n`
        : `checkpoint MISMATCH at position ${anchored.position}: exported ${anchored.expected}, stored ${anchored.found ?? '(no event there)'}: the log was rewritten up to or before that position\n`,
    );
    return result.ok && anchored.ok ? 0 : 1;
  },
};

function readCheckpoint(file: string): ChainCheckpoint {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read the checkpoint ${file}: ${(error as Error).message}`);
  }
  try {
    return parseCheckpoint(text);
  } catch (error) {
    throw new CliError(`${file}: ${(error as Error).message}`);
  }
}

export const AUDIT_COMMANDS: readonly Command[] = [auditCheckpoint, auditVerify];
