// Reading a PSBT back in a test (BIP-174): the unsigned transaction in its global map, with its
// outputs, and the independent signing check (scripts/psbt_sign_check.py: embit signs with the
// fixture key, python-bitcointx verifies every input).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './helpers';

export interface Unsigned {
  inputs: number;
  outputs: { sats: number; script: string }[];
  /** Serialized size without witnesses (what the unsigned transaction weighs). */
  baseSize: number;
}

class Reader {
  pos = 0;
  constructor(private buf: Buffer) {}
  byte() {
    return this.buf[this.pos++];
  }
  take(n: number) {
    const out = this.buf.subarray(this.pos, this.pos + n);
    if (out.length !== n) throw new Error(`PSBT ends early at ${this.pos}`);
    this.pos += n;
    return out;
  }
  varint(): number {
    const first = this.byte();
    if (first < 0xfd) return first;
    const size = first === 0xfd ? 2 : first === 0xfe ? 4 : 8;
    return Number(this.take(size).readUIntLE(0, Math.min(size, 6)));
  }
}

function parseTx(tx: Buffer): Unsigned {
  const r = new Reader(tx);
  r.take(4);
  const inputs = r.varint();
  for (let i = 0; i < inputs; i++) {
    r.take(36);
    r.take(r.varint());
    r.take(4);
  }
  const count = r.varint();
  const outputs = [];
  for (let i = 0; i < count; i++) {
    const sats = Number(r.take(8).readBigUInt64LE());
    const script = r.take(r.varint()).toString('hex');
    outputs.push({ sats, script });
  }
  r.take(4);
  return { inputs, outputs, baseSize: r.pos };
}

/** The unsigned transaction of a base64 PSBT. */
export function unsignedTx(base64: string): Unsigned {
  const r = new Reader(Buffer.from(base64, 'base64'));
  if (r.take(5).toString('hex') !== '70736274ff') throw new Error('not a PSBT');
  for (;;) {
    const keyLen = r.varint();
    if (keyLen === 0) break;
    const key = r.take(keyLen);
    const value = r.take(r.varint());
    if (key.length === 1 && key[0] === 0x00) return parseTx(value);
  }
  throw new Error('PSBT without an unsigned transaction');
}

/** Signs the PSBT with the fixture key outside this project's code; throws unless every input verifies. */
export function signChecked(base64: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'psbt-')), 'payment.psbt');
  writeFileSync(file, base64);
  return execFileSync('python3', [path.join(REPO_ROOT, 'scripts', 'psbt_sign_check.py'), file], { encoding: 'utf8' });
}
