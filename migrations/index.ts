/* Every migration, in order. `npm run migration:generate` writes a new file here: add its class below. */
import { CreateUsersAndApiKeys1764100000000 } from './1764100000000-CreateUsersAndApiKeys';

export const migrations = [CreateUsersAndApiKeys1764100000000];
