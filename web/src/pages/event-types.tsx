import { ErrorMessage, Loading } from '../components/alerts';
import { formatJson } from '../format';
import { useCatalog } from '../hooks/use-catalog';

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
            <h2 class="mono">{t.type}</h2>
            <p>{t.description}</p>
            {t.schema ? (
              <details open>
                <summary>Schema</summary>
                <pre class="code">{formatJson(t.schema)}</pre>
              </details>
            ) : (
              <p class="muted">No schema: any JSON object.</p>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
