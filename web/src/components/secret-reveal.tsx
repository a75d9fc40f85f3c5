import { useState } from 'preact/hooks';

/** A whole signing secret, shown this once (on create and rotate), with a copy button. */
export function SecretReveal({ secret, onDone }: { secret: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
    } catch {
      // Clipboard refused (an insecure origin, or no permission): select it for Ctrl+C instead.
      (document.getElementById('signing-secret') as HTMLInputElement | null)?.select();
    }
  };
  return (
    <section class="card secret" aria-labelledby="secret-heading">
      <h2 id="secret-heading">Signing secret</h2>
      <p>Copy it now and keep it with your receiver: it is shown only this once.</p>
      <div class="secret-row">
        <label class="sr-only" for="signing-secret">
          Signing secret
        </label>
        <input
          id="signing-secret"
          class="mono"
          readOnly
          value={secret}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button type="button" class="button" onClick={() => void copy()}>
          {copied ? 'Copied' : 'Copy secret'}
        </button>
      </div>
      <button type="button" class="button ghost" onClick={onDone}>
        Done
      </button>
    </section>
  );
}
