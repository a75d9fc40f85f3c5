import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

describe('start-up (e2e)', () => {
  it('exits non-zero with one clear line when NODE_ENV=production lacks JWT_SECRET', () => {
    const result = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', join(__dirname, '..', 'src', 'main.ts')], {
      env: { PATH: process.env.PATH, NODE_ENV: 'production' },
      cwd: join(__dirname, '..', 'test'), // no .env there
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe('herald: Invalid configuration: JWT_SECRET is required when NODE_ENV=production');
  });
});
