/** How the host shell words a refused cluster or HSM change (spec README decision 9) [invented texts]. */
import type { AdminRefusal } from '../../hsm/cluster-admin';

export function adminRefusalText(r: AdminRefusal): string {
  switch (r.reason) {
    case 'invalidName': return `cluster: invalid name '${r.name}' (letters, digits, _ and -, at most 32)`;
    case 'hsmCount': return `cluster: -hsms takes 1 to ${r.max}`;
    case 'clusterExists': return `cluster: ${r.name} already exists`;
    case 'nothingToBackUp': return `cluster: ${r.cluster} has no HSM to back up`;
    case 'noSuchCluster': return `cluster: no cluster named ${r.name}`;
    case 'noSuchHsm': return `hsm: no HSM ${r.node} in ${r.cluster}`;
    case 'alreadyDown': return `hsm: HSM ${r.node} is already down`;
    case 'alreadyUp': return `hsm: HSM ${r.node} is already up`;
    case 'tooManyHsms': return `hsm: a cluster holds at most ${r.max} HSMs`;
    case 'noRunningHsm': return 'hsm: no running HSM to clone the new one from';
    case 'lastHsm': return 'hsm: cannot remove the last HSM of a cluster';
    case 'alreadyTampered': return `hsm: HSM ${r.node} is already marked as tampered`;
    case 'notTampered': return `hsm: HSM ${r.node} is not marked as tampered`;
  }
}
