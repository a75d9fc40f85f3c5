import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'undici';
import { pollUntil } from '../lib/clock';
import { onCleanup, spawnManaged } from '../lib/lifecycle';
import { childPids, freePort } from '../lib/ports';
import { Progress } from '../lib/progress';
import { totalCpuSeconds, totalRssBytes } from '../lib/rss';
import { SseTarget } from './sse-fanout';

const NCHAN_MODULE = '/usr/lib/nginx/modules/ngx_nchan_module.so';
const NGINX = '/usr/sbin/nginx';

/** Debian's nginx + libnginx-mod-nchan, installed with apt-get when missing (needs root). */
export function ensureNchanInstalled(progress: Progress): void {
  if (existsSync(NGINX) && existsSync(NCHAN_MODULE)) return;
  progress.note('nchan: installing nginx + libnginx-mod-nchan with apt-get');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () =>
    spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'nginx', 'libnginx-mod-nchan'], {
      stdio: 'inherit',
      env,
    });
  if (install().status !== 0) {
    spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
    if (install().status !== 0)
      throw new Error(
        'apt-get install nginx libnginx-mod-nchan failed (run as root, or install them yourself)',
      );
  }
  if (!existsSync(NCHAN_MODULE)) throw new Error(`nchan module not found at ${NCHAN_MODULE} after install`);
}

function nginxConfig(dir: string, port: number, workers: number): string {
  return `load_module ${NCHAN_MODULE};
daemon off;
master_process on;
worker_processes ${workers};
worker_rlimit_nofile 30000;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 20000; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  nchan_max_reserved_memory 256m;
  server {
    listen 127.0.0.1:${port};
    location = /pub {
      nchan_publisher;
      nchan_channel_id bench;
      nchan_message_buffer_length 1000;
      nchan_message_timeout 10m;
    }
    location = /sub {
      nchan_subscriber eventsource;
      nchan_channel_id bench;
    }
  }
}
`;
}

/** Starts nginx + nchan on loopback with a config written to a temp dir; stopped by the bench's cleanup. */
export async function startNchan(workers: number, progress: Progress): Promise<SseTarget> {
  ensureNchanInstalled(progress);
  const dir = mkdtempSync(join(tmpdir(), 'herald-bench-nchan-'));
  onCleanup('nchan temp dir', () => rmSync(dir, { recursive: true, force: true }));
  const port = await freePort();
  const conf = join(dir, 'nginx.conf');
  writeFileSync(conf, nginxConfig(dir, port, workers));
  execFileSync(NGINX, ['-t', '-q', '-p', dir, '-e', join(dir, 'error.log'), '-c', conf], {
    stdio: 'inherit',
  });
  const master = spawnManaged('nginx', NGINX, ['-p', dir, '-e', join(dir, 'error.log'), '-c', conf], {
    stdio: 'inherit',
  });
  const origin = `http://127.0.0.1:${port}`;
  const pool = new Pool(origin, { connections: 4 });
  onCleanup('nchan publisher pool', () => pool.close());
  const up = await pollUntil(async () => {
    try {
      const r = await pool.request({ path: '/pub', method: 'GET' });
      await r.body.dump();
      return true;
    } catch {
      return false;
    }
  }, 10_000);
  if (!up) throw new Error(`nginx did not start on ${origin} (see ${dir}/error.log)`);
  progress.note(`nchan: nginx ${workers} worker(s) on ${origin}, config ${conf}`);
  return {
    name: 'nchan',
    streamUrl: `${origin}/sub`,
    streamHeaders: {},
    publish: async (seq, t) => {
      const r = await pool.request({
        path: '/pub',
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ seq, t }),
      });
      await r.body.dump();
      if (r.statusCode >= 300) throw new Error(`nchan publish answered ${r.statusCode}`);
    },
    rss: () => totalRssBytes([master.pid!, ...childPids(master.pid!)]),
    cpuSeconds: () => totalCpuSeconds([master.pid!, ...childPids(master.pid!)]),
  };
}
