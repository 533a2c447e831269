// Constant-time AES (FIPS 197) on wasm SIMD: the vector-permute ("vpaes") design.
//
// Design: M. Hamburg, "Accelerating AES with Vector Permute Instructions", CHES 2009
// (public-domain x86-64 code, https://crypto.stanford.edu/vpaes/); this is an independent
// AssemblyScript port of its data flow, using the same tables, and follows the structure of
// Botan's portable vperm translation (src/lib/block/aes/aes_vperm) for the key schedule.
//
// How it works. The 16-byte state lives in one v128, in a basis of GF(2^8) chosen so that
// GF(2^8) is a degree-2 extension of GF(2^4). Every non-linear step is then a function of
// one 4-bit nibble, i.e. a 16-entry table, and a 16-entry table lookup on all 16 lanes at
// once is one `i8x16.swizzle` (x86 `pshufb`, ARM `tbl`) with the table in a register:
//   * SubBytes: split the state into high and low nibbles (and/shift), invert in the tower
//     field with five swizzles over the 1/x tables (k_inv1/2), then map the two resulting
//     nibbles through the output tables sb1u/sb1t, which fold in the affine transform and the
//     change of basis (sb2u/sb2t give 2·S(x) for MixColumns at no extra cost).
//   * MixColumns = 2a + 3b + c + d is computed from S and 2·S with byte rotations inside each
//     column: `i8x16.shuffle` with constant lane indices.
//   * ShiftRows is never executed: the rotation pattern of the MixColumns shuffles changes with
//     the round number (mod 4), the key schedule stores every round key pre-rotated to match,
//     and the last round applies one constant permutation (sr[]) that settles the byte order.
//   * The input/output changes of basis are two more swizzles each (k_ipt / out tables).
// Decryption is the same with the inverse tables (sb9, sbd, sbb, sbe for InvMixColumns).
//
// Why it is constant-time. (1) No secret-dependent memory address: the memory accesses are
// 16-byte loads of the constant tables (fixed addresses in static data), of round keys at
// offsets fixed by the round number, and of the block / semiblocks at offsets fixed by the
// (public) position in the KW loop. Every table lookup is a register-to-register swizzle whose
// *index vector* is the secret, and a swizzle runs in a fixed number of cycles whatever the
// indices (V8 lowers i8x16.swizzle to paddusb+pshufb and i8x16.relaxed_swizzle to pshufb on
// x64, both to tbl on arm64). (2) No secret-dependent branch: the loops count rounds (public:
// a function of the key length), the shuffles' lane indices are compile-time constants, and
// the key schedule's branches depend only on key length and round counter. (3) No
// secret-dependent instruction timing: only and/xor/shift/swizzle/shuffle/load/store on v128,
// all fixed-latency (no multiplication, division or data-dependent instruction). Zero handling
// in the inversion (1/0) is done by the table entry 0x80, which makes a swizzle return 0 —
// data flow, not a branch.
// The JIT and the garbage collector are outside any wasm module's control; within the module
// there is nothing for a cache or branch-predictor side channel to observe.
//
// Round keys are in this basis too and are NOT the FIPS 197 round keys: they come only from
// ctExpandKey below and are stored in the same RK_ENC / RK_DEC regions as the table core's
// (wiped after every call the same way).

import { KEK, RK_ENC, RK_DEC } from './memory';

// ---- tables (16-byte constants; little-endian u32 words as in the published code) ------------

/** The 16-byte tables, in static data: one v128.load each (a constant address, L1-resident). */
const T: usize = memory.data<u32>([
  0x5A2A7000, 0xC2B2E898, 0x52227808, 0xCABAE090, // IPT1
  0x317C4D00, 0x4C01307D, 0xB0FDCC81, 0xCD80B1FC, // IPT2
  0x0D080180, 0x0E05060F, 0x0A0B0C02, 0x04070309, // INV1
  0x0F0B0780, 0x01040A06, 0x02050809, 0x030D0E0C, // INV2
  0xCB503E00, 0xB19BE18F, 0x142AF544, 0xA5DF7A6E, // SB1U
  0xFAE22300, 0x3618D415, 0x0D2ED9EF, 0x3BF7CCC1, // SB1T
  0x0B712400, 0xE27A93C6, 0xBC982FCD, 0x5EB7E955, // SB2U
  0x0AE12900, 0x69EB8840, 0xAB82234A, 0xC2A163C8, // SB2T
  0x6FBDC700, 0xD0D26D17, 0xC502A878, 0x15AABF7A, // SBOU
  0x5FBB6A00, 0xCFE474A5, 0x412B35FA, 0x8E1E90D1, // SBOT
  0x0B545F00, 0x0F505B04, 0x114E451A, 0x154A411E, // DIPT1
  0x60056500, 0x86E383E6, 0xF491F194, 0x12771772, // DIPT2
  0x9A86D600, 0x851C0353, 0x4F994CC9, 0xCAD51F50, // SB9U
  0xECD74900, 0xC03B1789, 0xB2FBA565, 0x725E2C9E, // SB9T
  0x26D4D000, 0x46F29296, 0x64B4F6B0, 0x22426004, // SBEU
  0xFFAAC100, 0x0C55A6CD, 0x98593E32, 0x9467F36B, // SBET
  0xE6B1A200, 0x7D57CCDF, 0x882A4439, 0xF56E9B13, // SBDU
  0x24C6CB00, 0x3CE2FAF7, 0x15DEEFD3, 0x2931180D, // SBDT
  0x96B44200, 0xD0226492, 0xB0F2D404, 0x602646F6, // SBBU
  0xCD596700, 0xC19498A6, 0x3255AA6B, 0xF3FF0C3E, // SBBT
  0x7EF94000, 0x1387EA53, 0xD4943E2D, 0xC7AA6DB9, // DSBOU
  0x93441D00, 0x12D7560F, 0xD8C58E9C, 0xCA4B8159, // DSBOT
  0x7ED9A700, 0xB6116FC8, 0x82255BFC, 0x4AED9334, // schedule table 0
  0x27143300, 0x45765162, 0xE9DAFDCE, 0x8BB89FAC, // schedule table 1
  0xCCA86400, 0x27438FEB, 0xADC90561, 0x4622EE8A, // schedule table 2
  0x4F92DD00, 0x815C13CE, 0xBD602FF2, 0x73AEE13C, // schedule table 3
  0x01C6C700, 0x03C4C502, 0xFA3D3CFB, 0xF83F3EF9, // schedule table 4
  0x38CFF700, 0xEE1921D6, 0x7384BC4B, 0xA5526A9D, // schedule table 5
  0x53732000, 0xE3C390B0, 0x10306343, 0xA080D3F3, // schedule table 6
  0x036982E8, 0xA0CA214B, 0x8CE60D67, 0x2F45AEC4, // schedule table 7
  0xD6B66000, 0xFF9F4929, 0xDEBE6808, 0xF7974121, // schedule table 8
  0x50BCEC00, 0x01EDBD51, 0xB05C0CE0, 0xE10D5DB1, // schedule table 9
  0x47A4E300, 0x07E4A340, 0x5DBEF91A, 0x1DFEB95A, // schedule table 10
  0x83EA6900, 0x5F36B5DC, 0xF49D1E77, 0x2841C2AB, // schedule table 11
]);
// @ts-ignore: decorator
@inline function IPT1(): v128 { return v128.load(T, 0); }
// @ts-ignore: decorator
@inline function IPT2(): v128 { return v128.load(T, 16); }
// @ts-ignore: decorator
@inline function INV1(): v128 { return v128.load(T, 32); }
// @ts-ignore: decorator
@inline function INV2(): v128 { return v128.load(T, 48); }
// @ts-ignore: decorator
@inline function SB1U(): v128 { return v128.load(T, 64); }
// @ts-ignore: decorator
@inline function SB1T(): v128 { return v128.load(T, 80); }
// @ts-ignore: decorator
@inline function SB2U(): v128 { return v128.load(T, 96); }
// @ts-ignore: decorator
@inline function SB2T(): v128 { return v128.load(T, 112); }
// @ts-ignore: decorator
@inline function SBOU(): v128 { return v128.load(T, 128); }
// @ts-ignore: decorator
@inline function SBOT(): v128 { return v128.load(T, 144); }
// @ts-ignore: decorator
@inline function DIPT1(): v128 { return v128.load(T, 160); }
// @ts-ignore: decorator
@inline function DIPT2(): v128 { return v128.load(T, 176); }
// @ts-ignore: decorator
@inline function SB9U(): v128 { return v128.load(T, 192); }
// @ts-ignore: decorator
@inline function SB9T(): v128 { return v128.load(T, 208); }
// @ts-ignore: decorator
@inline function SBEU(): v128 { return v128.load(T, 224); }
// @ts-ignore: decorator
@inline function SBET(): v128 { return v128.load(T, 240); }
// @ts-ignore: decorator
@inline function SBDU(): v128 { return v128.load(T, 256); }
// @ts-ignore: decorator
@inline function SBDT(): v128 { return v128.load(T, 272); }
// @ts-ignore: decorator
@inline function SBBU(): v128 { return v128.load(T, 288); }
// @ts-ignore: decorator
@inline function SBBT(): v128 { return v128.load(T, 304); }
// @ts-ignore: decorator
@inline function DSBOU(): v128 { return v128.load(T, 320); }
// @ts-ignore: decorator
@inline function DSBOT(): v128 { return v128.load(T, 336); }

// ---- lane permutations (compile-time constant shuffles) -------------------------------------

/** MixColumns "forward" rotation for round r mod 4 (mc_forward[k]). */
// @ts-ignore: decorator
@inline function mcf(x: v128, k: i32): v128 {
  if (k == 0) return i8x16.shuffle(x, x, 1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8, 13, 14, 15, 12);
  if (k == 1) return i8x16.shuffle(x, x, 5, 6, 7, 4, 9, 10, 11, 8, 13, 14, 15, 12, 1, 2, 3, 0);
  if (k == 2) return i8x16.shuffle(x, x, 9, 10, 11, 8, 13, 14, 15, 12, 1, 2, 3, 0, 5, 6, 7, 4);
  return i8x16.shuffle(x, x, 13, 14, 15, 12, 1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8);
}

/** MixColumns "backward" rotation for round r mod 4 (mc_backward[k]). */
// @ts-ignore: decorator
@inline function mcb(x: v128, k: i32): v128 {
  if (k == 0) return i8x16.shuffle(x, x, 3, 0, 1, 2, 7, 4, 5, 6, 11, 8, 9, 10, 15, 12, 13, 14);
  if (k == 1) return i8x16.shuffle(x, x, 15, 12, 13, 14, 3, 0, 1, 2, 7, 4, 5, 6, 11, 8, 9, 10);
  if (k == 2) return i8x16.shuffle(x, x, 11, 8, 9, 10, 15, 12, 13, 14, 3, 0, 1, 2, 7, 4, 5, 6);
  return i8x16.shuffle(x, x, 7, 4, 5, 6, 11, 8, 9, 10, 15, 12, 13, 14, 3, 0, 1, 2);
}

/** The accumulated ShiftRows permutation after k rounds mod 4 (sr[k]). */
// @ts-ignore: decorator
@inline function sr(x: v128, k: i32): v128 {
  if (k == 0) return x;
  if (k == 1) return i8x16.shuffle(x, x, 0, 5, 10, 15, 4, 9, 14, 3, 8, 13, 2, 7, 12, 1, 6, 11);
  if (k == 2) return i8x16.shuffle(x, x, 0, 9, 2, 11, 4, 13, 6, 15, 8, 1, 10, 3, 12, 5, 14, 7);
  return i8x16.shuffle(x, x, 0, 13, 10, 7, 4, 1, 14, 11, 8, 5, 2, 15, 12, 9, 6, 3);
}

/** sr[k] for a run-time (public) k: the key schedule's round counter. */
function srVar(x: v128, k: i32): v128 {
  switch (k & 3) {
    case 0: return sr(x, 0);
    case 1: return sr(x, 1);
    case 2: return sr(x, 2);
    default: return sr(x, 3);
  }
}

// ---- nibble arithmetic ----------------------------------------------------------------------

// @ts-ignore: decorator
@inline function lo(x: v128): v128 { return v128.and(x, i8x16.splat(0x0f)); }
// @ts-ignore: decorator
@inline function hi(x: v128): v128 { return i32x4.shr_u(v128.andnot(x, i8x16.splat(0x0f)), 4); }
/**
 * 16 parallel lookups of the 16-entry table t. Every index used here is either 0..15 or has its
 * top bit set (0x80 | n, from the 1/0 entries of INV1/INV2), and both swizzles return 0 for the
 * latter, so the two builds compute the same function: `i8x16.swizzle` (V8/x64: paddusb + pshufb,
 * the add saturates out-of-range indices) in release.wasm, `i8x16.relaxed_swizzle` (a bare pshufb
 * / tbl; the spec leaves only indices 16..127 implementation-defined, which never occur) in
 * release-relaxed.wasm, built with --enable relaxed-simd and chosen at load time where supported.
 */
// @ts-ignore: decorator
@inline function tab(t: v128, i: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return i8x16.relaxed_swizzle(t, i);
  return i8x16.swizzle(t, i);
}
/** Change of basis: two nibble lookups (the map is GF(2)-linear, so hi and lo parts just xor). */
// @ts-ignore: decorator
@inline function transform(x: v128, t1: v128, t2: v128): v128 {
  return v128.xor(tab(t1, lo(x)), tab(t2, hi(x)));
}

// The shared inversion step: from state x, the two nibble vectors (io, jo) of x^-1 in the tower
// representation. Written out in every caller (two outputs); the round functions below all
// start with these six lines.
//   xh = hi(x); xl = lo(x); ak = INV2()[xl]; j = xl ^ xh;
//   io = j  ^ INV1()[ak ^ INV1()[xh]];   jo = xh ^ INV1()[ak ^ INV1()[j]]

// ---- encryption -----------------------------------------------------------------------------

// @ts-ignore: decorator
@inline function encRound(x: v128, k: v128, r: i32): v128 {
  const xh = hi(x);
  const xl = lo(x);
  const ak = tab(INV2(), xl);
  const j = v128.xor(xl, xh);
  const io = v128.xor(j, tab(INV1(), v128.xor(ak, tab(INV1(), xh))));
  const jo = v128.xor(xh, tab(INV1(), v128.xor(ak, tab(INV1(), j))));
  // a = S(x) + k; b = 2·S(x); MixColumns = 2a + 3b + c + d as rotations of a and 2a
  const a = v128.xor(v128.xor(tab(SB1T(), jo), tab(SB1U(), io)), k);
  const b = v128.xor(v128.xor(tab(SB2T(), jo), tab(SB2U(), io)), mcf(a, r));
  return v128.xor(v128.xor(mcf(b, r), mcb(a, r)), b);
}

// @ts-ignore: decorator
@inline function encLast(x: v128, k: v128, r: i32): v128 {
  const xh = hi(x);
  const xl = lo(x);
  const ak = tab(INV2(), xl);
  const j = v128.xor(xl, xh);
  const io = v128.xor(j, tab(INV1(), v128.xor(ak, tab(INV1(), xh))));
  const jo = v128.xor(xh, tab(INV1(), v128.xor(ak, tab(INV1(), j))));
  return sr(v128.xor(v128.xor(tab(SBOU(), io), tab(SBOT(), jo)), k), r);
}

/**
 * Encrypt one block (FIPS 197 Cipher) with nr rounds and the vperm schedule at RK_ENC.
 * Rounds 1..nr-1 are unrolled by four so that every shuffle has constant lanes; the loop exits
 * depend only on nr (public).
 */
export function ctEncrypt(nr: u32, block: v128): v128 {
  let x = v128.xor(transform(block, IPT1(), IPT2()), v128.load(RK_ENC));
  let rk = RK_ENC + 16;
  const end = RK_ENC + (nr << 4);
  while (true) {
    x = encRound(x, v128.load(rk), 1); rk += 16; if (rk == end) break;
    x = encRound(x, v128.load(rk), 2); rk += 16; if (rk == end) break;
    x = encRound(x, v128.load(rk), 3); rk += 16; if (rk == end) break;
    x = encRound(x, v128.load(rk), 0); rk += 16; if (rk == end) break;
  }
  // nr = 10 or 14: nr mod 4 = 2; nr = 12: 0
  return nr == 12 ? encLast(x, v128.load(end), 0) : encLast(x, v128.load(end), 2);
}

// ---- decryption -----------------------------------------------------------------------------

// @ts-ignore: decorator
@inline function decRound(x: v128, k: v128, m: i32): v128 {
  const xh = hi(x);
  const xl = lo(x);
  const ak = tab(INV2(), xl);
  const j = v128.xor(xl, xh);
  const io = v128.xor(j, tab(INV1(), v128.xor(ak, tab(INV1(), xh))));
  const jo = v128.xor(xh, tab(INV1(), v128.xor(ak, tab(INV1(), j))));
  // InvMixColumns ∘ InvSubBytes via the 9/d/b/e multiples, folded Horner-style with rotations.
  // m = (r - 1) mod 4 selects mc_forward[3 - m] (Botan's mcx[m]).
  const f = 3 - m;
  const t8 = v128.xor(v128.xor(tab(SB9T(), jo), tab(SB9U(), io)), k);
  const t9 = v128.xor(v128.xor(mcf(t8, f), tab(SBDU(), io)), tab(SBDT(), jo));
  const t12 = v128.xor(v128.xor(mcf(t9, f), tab(SBBU(), io)), tab(SBBT(), jo));
  return v128.xor(v128.xor(mcf(t12, f), tab(SBEU(), io)), tab(SBET(), jo));
}

// @ts-ignore: decorator
@inline function decLast(x: v128, k: v128, s: i32): v128 {
  const xh = hi(x);
  const xl = lo(x);
  const ak = tab(INV2(), xl);
  const j = v128.xor(xl, xh);
  const io = v128.xor(j, tab(INV1(), v128.xor(ak, tab(INV1(), xh))));
  const jo = v128.xor(xh, tab(INV1(), v128.xor(ak, tab(INV1(), j))));
  return sr(v128.xor(v128.xor(tab(DSBOU(), io), tab(DSBOT(), jo)), k), s);
}

/** Decrypt one block (FIPS 197 InvCipher) with nr rounds and the vperm schedule at RK_DEC. */
export function ctDecrypt(nr: u32, block: v128): v128 {
  let x = v128.xor(transform(block, DIPT1(), DIPT2()), v128.load(RK_DEC));
  let rk = RK_DEC + 16;
  const end = RK_DEC + (nr << 4);
  while (true) {
    x = decRound(x, v128.load(rk), 0); rk += 16; if (rk == end) break;
    x = decRound(x, v128.load(rk), 1); rk += 16; if (rk == end) break;
    x = decRound(x, v128.load(rk), 2); rk += 16; if (rk == end) break;
    x = decRound(x, v128.load(rk), 3); rk += 16; if (rk == end) break;
  }
  // which sr = ((nr - 1) ^ 3) & 3: 2 for nr = 10 and 14, 0 for nr = 12
  return nr == 12 ? decLast(x, v128.load(end), 0) : decLast(x, v128.load(end), 2);
}

/** Non-inlined single-block entry points (ECB, KWP's one-block case). */
export function ctEncryptAt(nr: u32, src: u32, dst: u32): void {
  v128.store(dst, ctEncrypt(nr, v128.load(src)));
}
export function ctDecryptAt(nr: u32, src: u32, dst: u32): void {
  v128.store(dst, ctDecrypt(nr, v128.load(src)));
}

// ---- key schedule (FIPS 197 §5.2 KeyExpansion, computed in the vperm basis) -------------------
// Same S-box evaluation as the rounds (swizzles only), so the schedule is constant-time too.

/** SubWord + smear of one schedule step: input1 feeds the S-box, input2 is xored in, smeared. */
function schedRound(input1: v128, input2: v128): v128 {
  let sm = v128.xor(input2, i8x16.shuffle(input2, i8x16.splat(0), 16, 16, 16, 16, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11));
  sm = v128.xor(sm, i8x16.shuffle(sm, i8x16.splat(0), 16, 16, 16, 16, 16, 16, 16, 16, 0, 1, 2, 3, 4, 5, 6, 7));
  sm = v128.xor(sm, i8x16.splat(0x5b));
  const xh = hi(input1);
  const xl = lo(input1);
  const ak = tab(INV2(), xl);
  const j = v128.xor(xl, xh);
  const io = v128.xor(j, tab(INV1(), v128.xor(ak, tab(INV1(), xh))));
  const jo = v128.xor(xh, tab(INV1(), v128.xor(ak, tab(INV1(), j))));
  return v128.xor(v128.xor(sm, tab(SB1U(), io)), tab(SB1T(), jo));
}

/** RotWord(last word) with Rcon: rc is the round constant in the vperm basis (lane 0). */
function schedRoundRc(rc: u32, input1: v128, input2: v128): v128 {
  const rot = i8x16.shuffle(input1, input1, 13, 14, 15, 12, 13, 14, 15, 12, 13, 14, 15, 12, 13, 14, 15, 12);
  return schedRound(rot, v128.xor(input2, i32x4.replace_lane(i32x4.splat(0), 0, rc)));
}

/** Round constants in the vperm basis (the published rcon table), for steps 1..10. */
// @ts-ignore: decorator
@inline function rcon(i: u32): u32 {
  // 0x70 0x2A 0x98 0x08 0x4D 0x7C 0x7D 0x81 0x1F 0x83, packed 4 per word; i is public.
  const w: u64 = i < 8 ? 0x817D7C4D08982A70 : 0x831F;
  return <u32>(w >>> <u64>((i & 7) << 3)) & 0xff;
}

function mangle(k: v128, rn: i32): v128 {
  let t = mcf(v128.xor(k, i8x16.splat(0x5b)), 0);
  let t2 = t;
  t = mcf(t, 0);
  t2 = v128.xor(v128.xor(t, t2), mcf(t, 0));
  return srVar(t2, rn);
}

function mangleDec(k: v128, rn: i32): v128 {
  let t = transform(k, v128.load(T, 352), v128.load(T, 368));
  let out = mcf(t, 0);
  t = transform(t, v128.load(T, 384), v128.load(T, 400));
  out = mcf(v128.xor(t, out), 0);
  t = transform(t, v128.load(T, 416), v128.load(T, 432));
  out = mcf(v128.xor(t, out), 0);
  t = transform(t, v128.load(T, 448), v128.load(T, 464));
  out = mcf(v128.xor(t, out), 0);
  return srVar(out, rn);
}

function mangleLast(k: v128, rn: i32): v128 {
  const x = v128.xor(srVar(k, rn), i8x16.splat(0x5b));
  return transform(x, v128.load(T, 480), v128.load(T, 496));
}

function mangleLastDec(k: v128): v128 {
  const x = v128.xor(k, i8x16.splat(0x5b));
  return transform(x, v128.load(T, 512), v128.load(T, 528));
}

function smear192(x: v128, y: v128): v128 {
  const yy = v128.and(y, i32x4(0, 0, -1, -1));
  return v128.xor(v128.xor(yy, i8x16.shuffle(x, x, 8, 9, 10, 11, 12, 13, 14, 15, 12, 13, 14, 15, 12, 13, 14, 15)),
    i8x16.shuffle(yy, yy, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 8, 9, 10, 11));
}

/**
 * Key schedule of the key at KEK (16, 24 or 32 bytes) into RK_ENC (if enc) and RK_DEC (if dec),
 * nr + 1 round keys each, in the vperm basis. First the nr + 1 raw schedule words (FIPS 197
 * KeyExpansion in the vperm basis, 16 bytes per round) are written to RK_ENC; then each is
 * "mangled" in place into its encryption form (pre-rotated for the round's ShiftRows phase,
 * (-j) mod 4) and/or into the decryption form of round nr - j ((nr - j) mod 4), which also
 * applies InvMixColumns. Every branch depends on the key length, the round counter or the
 * enc/dec flags only.
 */
export function ctExpandKey(keyLen: u32, enc: bool, dec: bool): void {
  const nr: u32 = keyLen == 16 ? 10 : keyLen == 24 ? 12 : 14;
  const key0 = v128.load(KEK);
  let key1 = transform(key0, IPT1(), IPT2());
  v128.store(RK_ENC, key1);
  if (keyLen == 16) {
    for (let j: u32 = 1; j <= 10; j++) {
      key1 = schedRoundRc(rcon(j - 1), key1, key1);
      v128.store(RK_ENC + (j << 4), key1);
    }
  } else if (keyLen == 24) {
    let key2 = transform(v128.load(KEK, 8), IPT1(), IPT2());
    for (let i: u32 = 0; i < 4; i++) {
      let t = key2;
      key2 = schedRoundRc(rcon(2 * i), key2, key1);
      const at = RK_ENC + ((3 * i + 1) << 4);
      v128.store(at, i8x16.shuffle(t, key2, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23));
      t = smear192(key2, t);
      v128.store(at, t, 16);
      key2 = schedRoundRc(rcon(2 * i + 1), t, key2);
      v128.store(at, key2, 32);
      key1 = key2;
      key2 = smear192(key2, t);
    }
  } else {
    let key2 = transform(v128.load(KEK, 16), IPT1(), IPT2());
    v128.store(RK_ENC, key2, 16);
    for (let i: u32 = 2; i < 14; i += 2) {
      const kt = key2;
      key2 = schedRoundRc(rcon((i >>> 1) - 1), key2, key1);
      key1 = key2;
      v128.store(RK_ENC + (i << 4), key2);
      key2 = schedRound(i8x16.shuffle(key2, key2, 12, 13, 14, 15, 12, 13, 14, 15, 12, 13, 14, 15, 12, 13, 14, 15), kt);
      v128.store(RK_ENC + (i << 4), key2, 16);
    }
    key2 = schedRoundRc(rcon(6), key2, key1);
    v128.store(RK_ENC + (14 << 4), key2);
  }
  // mangle in place (RK_ENC[j] is read before it is overwritten)
  if (dec) v128.store(RK_DEC + (nr << 4), srVar(key0, <i32>(nr & 3)));
  for (let j: u32 = 1; j < nr; j++) {
    const raw = v128.load(RK_ENC + (j << 4));
    if (dec) v128.store(RK_DEC + ((nr - j) << 4), mangleDec(raw, <i32>((nr - j) & 3)));
    if (enc) v128.store(RK_ENC + (j << 4), mangle(raw, <i32>((0 - j) & 3)));
  }
  const last = v128.load(RK_ENC + (nr << 4));
  if (dec) v128.store(RK_DEC, mangleLastDec(last));
  if (enc) v128.store(RK_ENC + (nr << 4), mangleLast(last, <i32>((0 - nr) & 3)));
}
