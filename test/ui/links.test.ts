/** Which parts of a terminal line become "explain" links. */
import { describe, expect, it } from 'vitest';
import { findLinks } from '../../src/ui/links';
import { explain } from '../../src/commands/explain/index';

const texts = (line: string) => findLinks(line, (t) => explain(t) !== undefined).map((r) => [line.slice(r.start, r.end), r.topic.join(' ')]);

describe('terminal links', () => {
  it('return codes in result lines, node lines and Error2String', () => {
    expect(texts('        Cfm3DeleteKey returned: 0xc6 : HSM Error: Key Access is denied'))
      .toEqual([['0xc6', '0xc6']]);
    expect(texts('        Node id 1 and err state 0x000000a8 : HSM Error: Invalid object handle is passed to this operation'))
      .toEqual([['0x000000a8', '0xa8']]);
    expect(texts('Node id 2 and err state 0x30000085 : HSM CLUSTER ERROR: Server in cluster is unavailable'))
      .toEqual([['0x30000085', '0x30000085']]);
    expect(texts('        Error Code db maps to HSM Error: Invalid User Type.')).toEqual([['db', '0xdb']]);
  });

  it('flag values, attribute names and listAttributes ids', () => {
    expect(texts('Command: genSymKey -t 31 -s 32 -l k')).toEqual([['-t 31', '-t 31']]);
    expect(texts('wrapKey -k 7 -w 6 -m 4 -out f')).toEqual([['-m 4', '-m 4']]);
    expect(texts('      OBJ_ATTR_KCV                    = 371'))
      .toEqual([['OBJ_ATTR_KCV', 'OBJ_ATTR_KCV'], ['371', '371']]);
  });

  it('leaves alone what explain does not know: KCV bytes, unknown values, plain words', () => {
    expect(texts('0x1a2b3c')).toEqual([]);
    expect(texts('genSymKey -t 99 -s 16')).toEqual([]);
    expect(texts('ls -l aes.key 0x')).toEqual([]);
    expect(texts('the handle is 262150')).toEqual([]);
  });
});
