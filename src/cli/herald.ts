#!/usr/bin/env node
import 'reflect-metadata';
import { Command, InvalidArgumentError } from 'commander';
import { config as loadDotenv } from 'dotenv';
import { version } from '../../package.json';
import { describeStartupFailure } from '../bootstrap/startup/startup-failure';
import { SECRET_PREFIX } from '../webhooks/validation/webhook-secret';
import { listen, UsageError } from './listen/listen-command';

/**
 * `npx herald …` (docs/API.md §11), the `bin` of the package: `listen` forwards the caller's live events to a
 * local receiver; `admin create` makes an admin. Compiled to dist/src/cli/herald.js by `npm run build`.
 */
const program = new Command('herald')
  .description('Herald from the command line')
  .version(version)
  .showHelpAfterError();

program
  .command('listen')
  .summary('forward your live events to a local URL, signed like webhook deliveries')
  .description(
    'Holds your Herald event stream and forwards every event to a local URL, signed exactly like a webhook ' +
      'delivery, for developing a receiver on a machine Herald cannot reach. Resumes after a dropped connection.',
  )
  .requiredOption('--forward-to <url>', 'local receiver, e.g. http://localhost:4000/hooks')
  .option('--events <types>', 'comma-separated types or wildcards, e.g. sync.*,gaps.updated (default: all)')
  .option('--url <url>', "Herald's base URL", 'http://localhost:3000')
  .option('--api-key <key>', 'API key or token to stream with (default: $HERALD_API_KEY)')
  .option('--secret <whsec>', 'signing secret to use (default: a new one, printed at start)', secretArgument)
  .action(
    async (options: {
      forwardTo: string;
      url: string;
      apiKey?: string;
      events?: string;
      secret?: string;
    }) => {
      const controller = new AbortController();
      // First Ctrl-C stops cleanly (the event being forwarded finishes); a second one exits at once.
      const stop = () => (controller.signal.aborted ? process.exit(130) : controller.abort());
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      const apiKey = options.apiKey ?? process.env.HERALD_API_KEY;
      process.exit(await listen({ ...options, apiKey }, (line) => console.log(line), controller.signal));
    },
  );

program
  .command('admin')
  .description('manage admins')
  .command('create')
  .summary('create an admin, or make an existing user admin')
  .description('create an admin, or make an existing user admin (uses DATABASE_URL, like the service)')
  .requiredOption('--email <email>', 'their email')
  .requiredOption('--password <password>', 'their password, at least 8 characters', passwordArgument)
  .action(async (options: { email: string; password: string }) => {
    loadDotenv({ quiet: true });
    // Loaded here: the application's modules take a while to load and `listen` does not need them.
    const { createAdmin } = await import('./admin/create-admin');
    console.log(
      await createAdmin(options.email, options.password, process.env, (line) =>
        console.error(`herald: ${line}`),
      ),
    );
  });

function secretArgument(value: string): string {
  if (!value.startsWith(SECRET_PREFIX)) {
    throw new InvalidArgumentError(`a secret looks like ${SECRET_PREFIX}<base64>`);
  }
  return value;
}

function passwordArgument(value: string): string {
  if (value.length < 8) throw new InvalidArgumentError('at least 8 characters');
  return value;
}

program.parseAsync().catch((error: unknown) => {
  console.error(`herald: ${error instanceof UsageError ? error.message : describeStartupFailure(error)}`);
  process.exit(error instanceof UsageError ? 2 : 1);
});
