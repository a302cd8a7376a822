import { inflateRawSync } from 'zlib';

/**
 * Reads what a Terraform plan file (a zip archive) binds the apply to, without Terraform: the configuration
 * it was planned from (`tfconfig/m-/...`) and the backend (where the apply will write the state). `csm apply`
 * compares both with what it computes itself, so a plan made from another configuration, or against another
 * state, is refused even if its JSON rendering was swapped with it.
 */
export class PlanFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanFileError';
  }
}

/** The entries of a zip archive by name (stored or deflated; what Terraform writes). */
export function unzip(bytes: Buffer): Map<string, Buffer> {
  const eocd = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0 || eocd + 22 > bytes.length) throw new PlanFileError('not a zip archive');
  const count = bytes.readUInt16LE(eocd + 10);
  let at = bytes.readUInt32LE(eocd + 16);
  const entries = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== 0x02014b50) throw new PlanFileError('corrupt zip central directory');
    const method = bytes.readUInt16LE(at + 10);
    const size = bytes.readUInt32LE(at + 20);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    const local = bytes.readUInt32LE(at + 42);
    const name = bytes.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    if (local + 30 > bytes.length || bytes.readUInt32LE(local) !== 0x04034b50) throw new PlanFileError(`corrupt zip entry ${name}`);
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    const data = bytes.subarray(start, start + size);
    if (method === 0) entries.set(name, Buffer.from(data));
    else if (method === 8) entries.set(name, inflateRawSync(data));
    else throw new PlanFileError(`zip entry ${name} uses compression method ${method}`);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Protocol buffers: the fields of a message, by number (length-delimited ones as bytes, varints as numbers). */
function protoFields(buf: Buffer): Map<number, Array<Buffer | bigint>> {
  const fields = new Map<number, Array<Buffer | bigint>>();
  let at = 0;
  const varint = (): bigint => {
    let result = 0n;
    for (let shift = 0n; ; shift += 7n) {
      if (at >= buf.length) throw new PlanFileError('truncated plan');
      const b = buf[at++];
      result |= BigInt(b & 0x7f) << shift;
      if (!(b & 0x80)) return result;
    }
  };
  while (at < buf.length) {
    const key = Number(varint());
    const [field, wire] = [key >>> 3, key & 7];
    let value: Buffer | bigint;
    if (wire === 0) value = varint();
    else if (wire === 2) {
      const length = Number(varint());
      value = buf.subarray(at, at + length);
      at += length;
    } else if (wire === 1) {
      value = buf.subarray(at, at + 8);
      at += 8;
    } else if (wire === 5) {
      value = buf.subarray(at, at + 4);
      at += 4;
    } else throw new PlanFileError(`unexpected protobuf wire type ${wire}`);
    if (at > buf.length) throw new PlanFileError('truncated plan');
    fields.set(field, [...(fields.get(field) ?? []), value]);
  }
  return fields;
}

/** MessagePack, as much as a backend configuration needs: maps, strings, nil, booleans, integers. */
function msgpack(buf: Buffer): unknown {
  let at = 0;
  const str = (n: number) => {
    const s = buf.subarray(at, at + n).toString('utf8');
    at += n;
    return s;
  };
  const map = (n: number) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) {
      const k = next();
      out[String(k)] = next();
    }
    return out;
  };
  const next = (): unknown => {
    const b = buf[at++];
    if (b === undefined) throw new PlanFileError('truncated backend configuration');
    if (b <= 0x7f) return b;
    if (b >= 0x80 && b <= 0x8f) return map(b & 0x0f);
    if (b >= 0xa0 && b <= 0xbf) return str(b & 0x1f);
    if (b >= 0xe0) return b - 0x100;
    switch (b) {
      case 0xc0:
        return null;
      case 0xc2:
        return false;
      case 0xc3:
        return true;
      case 0xd9:
        return str(buf[at++]);
      case 0xda:
        at += 2;
        return str(buf.readUInt16BE(at - 2));
      case 0xdb:
        at += 4;
        return str(buf.readUInt32BE(at - 4));
      case 0xde:
        at += 2;
        return map(buf.readUInt16BE(at - 2));
      case 0xcc:
        return buf[at++];
      case 0xcd:
        at += 2;
        return buf.readUInt16BE(at - 2);
      default:
        throw new PlanFileError(`backend configuration holds a value csm does not read (msgpack 0x${b.toString(16)})`);
    }
  };
  return next();
}

export interface PlanFileBinding {
  /** The configuration files the plan was made from, by name (`cdk.tf.json`). */
  config: Map<string, Buffer>;
  backend: { type: string; config: Record<string, unknown>; workspace: string };
}

// Field numbers of terraform's planfile.proto (internal/plans/planproto): Plan.backend = 13;
// Backend.type = 1, Backend.config = 2 (DynamicValue, msgpack = 1), Backend.workspace = 3.
const PLAN_BACKEND = 13;

export function readPlanFile(bytes: Buffer): PlanFileBinding {
  const entries = unzip(bytes);
  const config = new Map<string, Buffer>();
  for (const [name, data] of entries) if (name.startsWith('tfconfig/m-/')) config.set(name.slice('tfconfig/m-/'.length), data);
  const plan = entries.get('tfplan');
  if (!plan) throw new PlanFileError('no tfplan entry: not a Terraform plan');
  const backendBytes = protoFields(plan).get(PLAN_BACKEND)?.[0];
  if (!(backendBytes instanceof Buffer)) throw new PlanFileError('the plan names no backend');
  const backend = protoFields(backendBytes);
  const text = (n: number) => {
    const v = backend.get(n)?.[0];
    return v instanceof Buffer ? v.toString('utf8') : '';
  };
  const dynamic = backend.get(2)?.[0];
  const packed = dynamic instanceof Buffer ? protoFields(dynamic).get(1)?.[0] : undefined;
  const cfg = packed instanceof Buffer ? msgpack(packed) : {};
  if (typeof cfg !== 'object' || cfg === null) throw new PlanFileError('the plan\'s backend configuration is not an object');
  return { config, backend: { type: text(1), config: cfg as Record<string, unknown>, workspace: text(3) || 'default' } };
}
