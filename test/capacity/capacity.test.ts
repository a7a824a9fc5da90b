import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { eventsPerPoll, size, withPolls, type OnboardingCost } from '../../dev/capacity/model';

const root = path.resolve(__dirname, '..', '..');
const base: OnboardingCost = {
  events: 55,
  historyBytes: 5500,
  workerCpuMs: 55,
  serverCpuMs: 110,
  databaseCpuMs: 55,
  rows: 165,
  visibilityRows: 8,
  walBytes: 55_000,
  storedBytes: 11_000,
};

/** The capacity model (dev/capacity/model.ts) and `npm run capacity` on the committed figures. */
describe('capacity model', () => {
  test('each poll after the first costs what 11 average events cost, and writes no visibility row', () => {
    const polled = withPolls(base, 3);
    expect(polled.events).toBe(55 + 2 * eventsPerPoll);
    expect(polled.workerCpuMs).toBeCloseTo(55 + 22);
    expect(polled.rows).toBeCloseTo(165 + 66);
    expect(polled.visibilityRows).toBe(8);
    expect(withPolls(base, 1)).toEqual(base);
  });

  test('100,000 a day with 7 days of hourly polls: cores from the peak starts and the average polls, storage over KYC and retention', () => {
    const load = { perDay: 86_400, kycDays: 7, pollIntervalHours: 1, retentionDays: 30, peak: 3, utilization: 0.5 };
    const s = size(base, load);
    expect(s.pollsPerOnboarding).toBe(169);
    expect(s.parked).toBe(604_800);
    // One start a second on average, three at the peak: 3 × 55 ms plus 168 polls × 11 ms at 1 a second, over 0.5.
    expect(s.workerCores).toBeCloseTo((3 * 55 + 168 * 11) / 1000 / 0.5);
    expect(s.workers).toBe(Math.ceil(s.workerCores));
    expect(s.eventsPerSecond).toBeCloseTo(3 * 55 + 168 * 11);
    // Stored: everybody from start to retention's end, at twice the history's encoded size.
    expect(s.storedGB).toBeCloseTo((86_400 * 37 * withPolls(base, 169).historyBytes * 2) / 1e9);
    expect(Math.log2(s.historyShards) % 1).toBe(0);
    expect(s.historyShards).toBeGreaterThanOrEqual(128);
  });

  test('npm run capacity prints the sizing and the check against P8 from the committed figures, and refuses a bad flag by name', () => {
    const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'dev/capacity/main.ts', ...args], { cwd: root, encoding: 'utf8' });
    const ok = run('--per-day', '100000', '--kyc-days', '7');
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/\| sovera \| 169 \| 700000 \|/);
    expect(ok.stdout).toMatch(/\| +\| +\| error \|/);
    const bad = run('--per-day', 'lots');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/--per-day: /);
  });
});
