/**
 * getCert as an operation (kmu-commands.md §6.3): the partition certificate of a type, from the HSM
 * serving the session. The chain is described and derived in ../certs.ts.
 */
import { RC } from '../codes';
import { partitionCertificatePem, type CertType } from '../certs';
import type { KmuSession } from '../session';
import { ladder, type Outcome } from './outcome';
import type { OpScope } from './runner';

export async function getCert(scope: OpScope, session: KmuSession, type: CertType): Promise<Outcome & { pem?: string }> {
  const cluster = await scope.hsm.cluster(scope.tx, session.cluster);
  const pem = await partitionCertificatePem(cluster, session.servingNode, type);
  return { ...ladder(['getCert'], RC.SUCCESS), pem };
}
