import { ErrorMessage, Loading } from '../components/alerts';
import { formatJson } from '../format';
import { useCatalog } from '../hooks/use-catalog';

interface FieldSchema {
  type?: string | string[];
  description?: string;
}

interface ObjectSchema {
  properties?: Record<string, FieldSchema>;
  required?: string[];
}

/** The top-level fields of a type's JSON Schema, as a table a person reads at a glance. */
function SchemaFields({ schema }: { schema: ObjectSchema }) {
  const fields = Object.entries(schema.properties ?? {});
  if (!fields.length) return null;
  const required = new Set(schema.required ?? []);
  return (
    <div class="table-wrap">
      <table class="table fields-table">
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Type</th>
            <th scope="col">Required</th>
            <th scope="col">Description</th>
          </tr>
        </thead>
        <tbody>
          {fields.map(([name, field]) => (
            <tr key={name}>
              <td class="mono">{name}</td>
              <td class="mono">{[field.type ?? 'any'].flat().join(' | ')}</td>
              <td>{required.has(name) ? 'yes' : 'no'}</td>
              <td class="wrap">{field.description ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Event types: the catalog, each type with its description and the JSON Schema its data must satisfy. */
export function EventTypesPage() {
  const catalog = useCatalog();
  return (
    <>
      <div class="page-head">
        <h1>Event types</h1>
      </div>
      <p class="muted lead">
        What Herald can send you. Subscribe a webhook to a type, or to a wildcard such as <code>sync.*</code>.
      </p>
      <ErrorMessage error={catalog.error} />
      {catalog.loading && <Loading />}
      <ul class="type-list">
        {catalog.data?.map((t) => (
          <li key={t.type} class="card">
            <h2 class="mono type-name">{t.type}</h2>
            <p>{t.description}</p>
            {t.schema ? (
              <>
                <SchemaFields schema={t.schema as ObjectSchema} />
                <details>
                  <summary>JSON Schema</summary>
                  <pre class="code">{formatJson(t.schema)}</pre>
                </details>
              </>
            ) : (
              <p class="muted">No schema: any JSON object.</p>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
