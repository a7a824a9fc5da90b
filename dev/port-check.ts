import { createServer } from 'node:net';

/** A port the demo means to listen on, with the option that moves it. */
export interface WantedPort {
  port: number;
  flag: string;
  what: string;
}

/** A port already in use: one sentence naming it, its use, and the option to pass instead. */
export class PortTaken extends Error {
  constructor(wanted: WantedPort) {
    super(`port ${wanted.port} is taken (${wanted.what}): another demo or program listens there; stop it, or pass ${wanted.flag} <a free port>`);
  }
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) => (err.code === 'EADDRINUSE' || err.code === 'EACCES' ? resolve(false) : reject(err)));
    probe.listen({ port, host: '127.0.0.1', exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

/**
 * Throws PortTaken for the first wanted port in use, before anything starts. Without it, the
 * Temporal dev server of another demo on the same port answers our readiness check and this run
 * goes on half-wired into it until its API port collides.
 */
export async function refuseTakenPorts(wanted: WantedPort[]): Promise<void> {
  for (const each of wanted) if (!(await isFree(each.port))) throw new PortTaken(each);
  reservePorts(wanted.map((each) => each.port));
}

/**
 * Ports we hand out: 20000 to 32767, below the OS's ephemeral range (32768 and up), so no outgoing
 * connection can take one between our check and the server's bind; Temporal also keeps membership
 * ports in a PostgreSQL smallint. Test files running side by side (jest workers) draw from disjoint
 * slices, and one process walks its slice in order, so a port is never handed out twice while the
 * first taker has yet to bind it.
 */
const slices = 4;
const sliceSize = Math.floor(12_768 / slices);
const sliceStart = 20_000 + ((Number(process.env.JEST_WORKER_ID ?? 1) - 1) % slices) * sliceSize;
let nextOffset = Math.floor(Math.random() * sliceSize);
/** Ports this process means to listen on, given to it (a demo's --port) rather than drawn here: never handed out. */
const reserved = new Set<number>();

export function reservePorts(ports: (number | undefined)[]): void {
  for (const port of ports) if (port !== undefined) reserved.add(port);
}

/** A port free on loopback now, outside the ephemeral range, not handed out before by this process (until its slice wraps). */
export async function freePort(): Promise<number> {
  for (let tried = 0; tried < sliceSize; tried++) {
    const port = sliceStart + (nextOffset++ % sliceSize);
    if (!reserved.has(port) && (await isFree(port))) return port;
  }
  throw new Error(`no free port from ${sliceStart} to ${sliceStart + sliceSize - 1}`);
}
