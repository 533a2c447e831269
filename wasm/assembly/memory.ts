// Fixed memory layout of the AES / AES-KW core.
//
// Nothing is allocated at run time: every region below sits at a fixed offset inside
// linear memory, above the (tiny) static data AssemblyScript emits into page 0. The
// module's start function grows memory once to MEMORY_PAGES and fills the tables, so a
// JS view of `memory.buffer` taken after instantiation never detaches.
//
//   REGION_BASE + 0x0000  TE0..TE3   4 x 256 x u32 encryption T-tables (FIPS 197 §5.1.1-5.1.3 fused)
//   REGION_BASE + 0x1000  TD0..TD3   4 x 256 x u32 decryption T-tables (FIPS 197 §5.3.1-5.3.3 fused)
//   REGION_BASE + 0x2000  SBOX       256 B  S-box            (FIPS 197 §5.1.1, Fig. 7)
//   REGION_BASE + 0x2100  INV_SBOX   256 B  inverse S-box    (FIPS 197 §5.3.2, Fig. 14)
//   REGION_BASE + 0x2200  KEK        32 B   key / KEK written by the caller       } secret:
//   REGION_BASE + 0x2220  IV         8 B    KW integrity value (RFC 3394 §2.2.3)   } wiped after
//   REGION_BASE + 0x2230  (unused)   16 B                                          } every call
//   REGION_BASE + 0x2240  RK_ENC     240 B  encryption round keys (15 x 16)        }
//   REGION_BASE + 0x2330  RK_DEC     240 B  decryption round keys                  }
//   REGION_BASE + 0x2420  OUT_LEN    u32    output length of the last call (public, not wiped)
//   REGION_BASE + 0x2430  GH_H       16 B   GHASH subkey H = E_K(0^128)          } GHASH state (ghash.ts):
//   REGION_BASE + 0x2440  GH_Y       16 B   running GHASH value Y                } kept from ghashStart to
//                                                                               } ghashEnd, wiped there
//   REGION_BASE + 0x4000  IO         IO_SIZE bytes, in/out buffer (wrap input at IO+8)
//   IO + IO_SIZE          TRACE      TRACE_SIZE bytes, the key-wrap trace (kw-trace.ts), wiped by its caller
//
// RK_ENC / RK_DEC hold the schedule of whichever AES core runs (aes.ts: FIPS 197 words and the
// equivalent-inverse schedule; aes-ct.ts: the same keys in its vperm basis). Neither core puts a
// block in flight in memory: the table core keeps it in locals, the constant-time core in a v128.

/** Start of the fixed regions: page 1, so AssemblyScript's static data in page 0 cannot overlap. */
export const REGION_BASE: u32 = 0x10000;

export const TE0: u32 = REGION_BASE + 0x0000;
export const TE1: u32 = REGION_BASE + 0x0400;
export const TE2: u32 = REGION_BASE + 0x0800;
export const TE3: u32 = REGION_BASE + 0x0c00;
export const TD0: u32 = REGION_BASE + 0x1000;
export const TD1: u32 = REGION_BASE + 0x1400;
export const TD2: u32 = REGION_BASE + 0x1800;
export const TD3: u32 = REGION_BASE + 0x1c00;
export const SBOX: u32 = REGION_BASE + 0x2000;
export const INV_SBOX: u32 = REGION_BASE + 0x2100;

export const KEK: u32 = REGION_BASE + 0x2200;
export const IV: u32 = REGION_BASE + 0x2220;
export const RK_ENC: u32 = REGION_BASE + 0x2240;
export const RK_DEC: u32 = REGION_BASE + 0x2330;
/** First byte and size of the secret region (KEK .. RK_DEC end) wiped after every exported call. */
export const SECRET_START: u32 = KEK;
export const SECRET_SIZE: u32 = RK_DEC + 240 - KEK;
export const OUT_LEN: u32 = REGION_BASE + 0x2420;
/** GHASH state (H, then Y), both in GCM byte order; kept across ghashStart .. ghashEnd, wiped by ghashEnd. */
export const GH_H: u32 = REGION_BASE + 0x2430;
export const GH_Y: u32 = REGION_BASE + 0x2440;
/** First byte and size of the GHASH state (H and Y), for the wipe checks of the tests. */
export const GH_STATE: u32 = GH_H;
export const GH_STATE_SIZE: u32 = 32;

/** Largest plaintext accepted by wrap (and largest ECB input): 1 MiB + 16 bytes. */
export const MAX_INPUT: u32 = 1048576 + 16;
/** Largest blob accepted by unwrap: anything wrap can produce (at most MAX_INPUT + 16 for PKCS#5 KW). */
export const MAX_WRAPPED: u32 = MAX_INPUT + 16;
export const IO: u32 = REGION_BASE + 0x4000;
/** Wrap input lives at IO + 8 and may gain up to 8 bytes of padding plus the 8-byte A; round up. */
export const IO_SIZE: u32 = MAX_INPUT + 48;
/**
 * The key-wrap trace region (kw-trace.ts, issue 13), after IO in the space the last page left
 * over (MEMORY_PAGES is unchanged by it): a 64-byte header, the starting register R[1..64], then
 * TRACE_CAP step records of TRACE_STEP_BYTES. Only the trace exports write it; their caller wipes it.
 */
export const TRACE: u32 = (IO + IO_SIZE + 63) & ~63;
/** Step records kept (6·64: every step of a key up to 64 semiblocks = 512 bytes); later steps are counted. */
export const TRACE_CAP: u32 = 384;
/** Semiblocks of the starting register kept. */
export const TRACE_START_CAP: u32 = 64;
export const TRACE_STEP_BYTES: u32 = 64;
export const TRACE_STEPS: u32 = TRACE + 64 + (TRACE_START_CAP << 3);
export const TRACE_SIZE: u32 = TRACE_STEPS + TRACE_CAP * TRACE_STEP_BYTES - TRACE;
export const MEMORY_PAGES: i32 = <i32>((TRACE + TRACE_SIZE + 0xffff) >>> 16);

/** Wipe key, IV and both key schedules (architecture §8 rule 3). */
// @ts-ignore: decorator
@inline export function wipeSecrets(): void {
  memory.fill(SECRET_START, 0, SECRET_SIZE);
}
