import { createFirstAdmin } from '../accounts/first-admin';
import { readConfig } from '../config';

/**
 * `npm run create-admin -- <username>`: the first beheerder of a data folder (DATA_DIR, as the
 * server reads it), with a one-time password printed once. Run it while the server is stopped:
 * the server keeps users in memory and would not see the new one until it starts again.
 * Exit codes: 0 created, 1 refused (a beheerder exists, the name is taken), 2 wrong usage.
 */
async function main(args: string[]): Promise<number> {
  const [username, ...rest] = args;
  if (!username || rest.length > 0) {
    console.error('Usage: npm run create-admin -- <username>');
    return 2;
  }
  const config = readConfig();
  const result = await createFirstAdmin(config.dataDir, username, config.database);
  if (!result.created) {
    const reasons = {
      'invalid-username': `"${username}" is not a valid username: use lower-case letters, digits, ".", "_" and "-", starting with a letter or digit.`,
      'beheerder-exists': `This data folder (${config.dataDir}) already has an active beheerder: they create further users under /beheer.`,
      'username-taken': `The username "${username}" is taken in ${config.dataDir}; choose another.`,
    } as const;
    console.error(`Casusregie create-admin refused: ${reasons[result.reason]}`);
    return result.reason === 'invalid-username' ? 2 : 1;
  }
  console.log(`Created beheerder "${username}" in ${config.dataDir}.`);
  console.log(`One-time password: ${result.initialPassword}`);
  console.log('It is shown only this once. Start the server, log in with it and choose a new password.');
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`Casusregie create-admin failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
