import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderOpenApi } from './render-openapi';

// `npm run openapi`: writes the spec that the running service serves at /api/docs-json to openapi.json.
renderOpenApi()
  .then((json) => {
    writeFileSync(join(__dirname, '..', 'openapi.json'), json);
    console.log('wrote openapi.json');
    process.exit(0);
  })
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
