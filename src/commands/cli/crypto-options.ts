/**
 * What the six `crypto sign|verify rsa-pkcs|rsa-pkcs-pss|ecdsa` commands share (cloudhsm-cli.md
 * §3.21, §3.22): their option rows, quoted from the pages, and one run each for sign and verify
 * (one unit of work: cliGate first, the filter, the inputs, then the operations layer). Each
 * command file holds its own path, about line, usage line and table (one command per file).
 */
import { cliGate } from '../../hsm/ops/cli-session';
import { parseFilter } from '../../hsm/ops/cli-keys';
import type { CliSignScheme } from '../../hsm/ops/cli-crypto';
import { runOp } from '../../hsm/ops/runner';
import type { CliArgs, CliContext, CliOption, CliResult } from './command';

const HASHES = ['sha1', 'sha224', 'sha256', 'sha384', 'sha512'] as const;

const KEY_FILTER: CliOption = {
  long: 'key-filter', value: 'KEY_FILTER', multi: true, required: true,
  description: 'Key reference (e.g. key-reference=0xabc) or space separated list of key attributes in the form of attr.KEY_ATTRIBUTE_NAME=KEY_ATTRIBUTE_VALUE to select a matching key',
};
const HASH_FUNCTION: CliOption = { long: 'hash-function', value: 'HASH_FUNCTION', required: true, possible: HASHES, description: '' };
const MGF: CliOption = { long: 'mgf', value: 'MGF', required: true, possible: HASHES.map((h) => `mgf1-${h}`), description: 'The mask generation function' };
const SALT_LENGTH: CliOption = { long: 'salt-length', value: 'SALT_LENGTH', required: true, numeric: true, description: 'The salt length' };
const DATA_TYPE: CliOption = {
  long: 'data-type', value: 'DATA_TYPE', possible: ['raw', 'digest'], description: 'The type of data passed in, either raw or digest',
};

/** `crypto sign <mechanism>`'s options in the page's order (PSS lists --mgf and --salt-length after --data). */
export function signOptions(pss: boolean): CliOption[] {
  return [
    KEY_FILTER, HASH_FUNCTION,
    { long: 'data-path', value: 'DATA_PATH', oneOf: 'data', complete: 'file', description: 'The path to the file containing the data to be signed' },
    { long: 'data', value: 'DATA', oneOf: 'data', description: 'Base64 Encoded data to be signed' },
    ...(pss ? [MGF, SALT_LENGTH] : []),
    { long: 'approval', value: 'APPROVAL', complete: 'file', description: 'Filepath of signed quorum token file to approve operation' },
    DATA_TYPE,
  ];
}

/** `crypto verify <mechanism>`'s options: as sign's without --approval, the signature in its place. */
export function verifyOptions(pss: boolean): CliOption[] {
  return [
    KEY_FILTER, HASH_FUNCTION,
    { long: 'data-path', value: 'DATA_PATH', oneOf: 'data', complete: 'file', description: 'The path to the file containing the data to be verified' },
    { long: 'data', value: 'DATA', oneOf: 'data', description: 'Base64 encoded data to be verified' },
    ...(pss ? [MGF, SALT_LENGTH] : []),
    { long: 'signature-path', value: 'SIGNATURE_PATH', oneOf: 'signature', complete: 'file', description: 'The path to where the signature is located' },
    { long: 'signature', value: 'SIGNATURE', oneOf: 'signature', description: 'Base64 encoded signature to be verified' },
    DATA_TYPE,
  ];
}

/** What both commands read the same way: the gate, the filter, the data; then `work` with the operations module. */
async function cryptoRun(
  ctx: CliContext, args: CliArgs,
  work: (ops: typeof import('../../hsm/ops/cli-crypto'), files: typeof import('../../hsm/ops/cli-files'), scope: import('../../hsm/ops/runner').OpScope, base: {
    filter: import('../../hsm/ops/cli-keys').CliFilter; data: Uint8Array;
  }) => Promise<CliResult>,
): Promise<CliResult> {
  const [ops, files] = await Promise.all([import('../../hsm/ops/cli-crypto'), import('../../hsm/ops/cli-files')]);
  return runOp(ctx.hsm, async (scope): Promise<CliResult> => {
    const gate = await cliGate(scope, ctx.session, { roles: ['crypto-user'], clusterId: args.value('cluster-id') });
    if (gate) return { ok: false, refusal: gate };
    const parsed = parseFilter(args.values('key-filter'));
    if ('refusal' in parsed) return { ok: false, refusal: parsed.refusal };
    const data = await files.cliInput(scope, ctx.cwd, { base64: args.value('data'), path: args.value('data-path') });
    if (!data.ok) return data;
    return work(ops, files, scope, { filter: parsed.filter, data: data.value });
  });
}

/** `crypto sign <scheme>`: `{"key-reference", "signature"}` (§3.21; a hyphen here, unlike wrap's names). */
export function runSign(scheme: CliSignScheme) {
  return (ctx: CliContext, args: CliArgs): Promise<CliResult> => cryptoRun(ctx, args, async (ops, files, scope, base) => {
    const out = await ops.cliSign(scope, ctx.session, {
      scheme, filter: base.filter, hash: args.value('hash-function') ?? '', data: base.data,
      dataType: args.value('data-type'), mgf: args.value('mgf'), saltLength: args.value('salt-length'),
    });
    if (!out.ok) return out;
    return { ok: true, data: { 'key-reference': out.value.keyReference, 'signature': files.encodeBase64(out.value.signature) } };
  });
}

/** `crypto verify <scheme>`: `{"message": "Signature verified successfully"}` or `Signature verification failed` (§3.22). */
export function runVerify(scheme: CliSignScheme) {
  return (ctx: CliContext, args: CliArgs): Promise<CliResult> => cryptoRun(ctx, args, async (ops, files, scope, base) => {
    const signature = await files.cliInput(scope, ctx.cwd, { base64: args.value('signature'), path: args.value('signature-path') });
    if (!signature.ok) return signature;
    const out = await ops.cliVerify(scope, ctx.session, {
      scheme, filter: base.filter, hash: args.value('hash-function') ?? '', data: base.data, signature: signature.value,
      dataType: args.value('data-type'), mgf: args.value('mgf'), saltLength: args.value('salt-length'),
    });
    if (!out.ok) return out;
    return { ok: true, data: { message: 'Signature verified successfully' } };
  });
}
