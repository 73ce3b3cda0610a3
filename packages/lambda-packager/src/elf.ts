/** ELF machine types we care about (e_machine, little-endian at offset 18). */
const MACHINES: Readonly<Record<number, string>> = {
  0x03: 'x86',
  0x28: 'arm',
  0x3e: 'x86_64',
  0xb7: 'aarch64',
};

/**
 * The machine an ELF binary (a `.node` addon, a `.so`) was built for: `x86_64`, `aarch64`,
 * ..., or `undefined` when the bytes are not ELF.
 */
export function elfMachine(data: Buffer): string | undefined {
  if (data.length < 20 || data.readUInt32BE(0) !== 0x7f454c46) return undefined;
  const machine = data[5] === 2 ? data.readUInt16BE(18) : data.readUInt16LE(18);
  return MACHINES[machine] ?? `unknown(0x${machine.toString(16)})`;
}

/** The ELF machine name a Lambda architecture runs. */
export function elfMachineFor(arch: 'arm64' | 'x86_64'): string {
  return arch === 'arm64' ? 'aarch64' : 'x86_64';
}
