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
}

/** A free TCP port on loopback (asked of the OS, then released). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A free port from 20000 to 32767: Temporal keeps membership ports in a PostgreSQL smallint, below
 * the OS's ephemeral range. Test files running side by side (jest workers) draw from disjoint
 * slices, so two servers starting at once never both find the same port free.
 */
export async function freeMembershipPort(): Promise<number> {
  const slices = 4;
  const slice = (Number(process.env.JEST_WORKER_ID ?? 1) - 1) % slices;
  const size = Math.floor(12_768 / slices);
  for (;;) {
    const port = 20_000 + slice * size + Math.floor(Math.random() * size);
    if (await isFree(port)) return port;
  }
}
