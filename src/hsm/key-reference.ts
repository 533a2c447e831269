/**
 * A key's reference as the CloudHSM CLI prints it: its handle as `0x%016x` (cloudhsm-cli.md §5.2,
 * G-CLI-6), for the CLI, the inventory and explain alike (a module of its own: those load later,
 * and none of them needs the CLI's key selection to print one).
 */
export const keyReference = (handle: number): string => '0x' + handle.toString(16).padStart(16, '0');
