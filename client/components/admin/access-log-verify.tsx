import { useState } from 'preact/hooks';
import type { AccessLogVerification } from '../../../server/contract/admin';
import { ApiError, api, messageOf } from '../../api/http';
import { entriesText } from './access-log-format';

type Check =
  | { status: 'idle' }
  | { status: 'busy' }
  | { status: 'done'; result: AccessLogVerification }
  | { status: 'failed'; message: string };

/**
 * "Controleer de keten": the server checks the hash chain end to end. An intact log is said as a
 * status; a broken one as an alert naming the first line that no longer fits, because that is
 * where the officer starts looking (and what the report to the data protection officer cites).
 */
export function AccessLogVerify() {
  const [check, setCheck] = useState<Check>({ status: 'idle' });
  const run = async () => {
    setCheck({ status: 'busy' });
    try {
      const result = await api.get<AccessLogVerification>('/api/admin/access-log/verify');
      setCheck({ status: 'done', result });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return;
      setCheck({ status: 'failed', message: messageOf(error) });
    }
  };
  return (
    <section class="access-log-verify" aria-labelledby="keten-titel">
      <h2 id="keten-titel">Keten controleren</h2>
      <p class="muted">
        Elke regel van het logboek is verbonden met de vorige. De controle vindt een gewijzigde of verwijderde regel.
      </p>
      <button type="button" class="secondary" onClick={() => void run()} disabled={check.status === 'busy'}>
        {check.status === 'busy' ? 'Bezig met controleren…' : 'Controleer de keten'}
      </button>
      {/* Always rendered, so the result is heard when it appears. */}
      <div role="status" class="verify-status">
        {check.status === 'done' && check.result.intact ? (
          <p class="notice success">
            Het logboek is intact: {entriesText(check.result.entries)} gecontroleerd, geen wijziging gevonden.
          </p>
        ) : null}
      </div>
      {check.status === 'done' && !check.result.intact ? (
        <div class="notice error" role="alert">
          <p>
            <strong>
              {check.result.firstBrokenAt !== undefined
                ? `Het logboek is gewijzigd of ingekort vanaf regel ${check.result.firstBrokenAt}.`
                : 'Het logboek is gewijzigd of ingekort.'}
            </strong>
          </p>
          <p>
            {entriesText(check.result.entries)} gecontroleerd. Vanaf die regel is het logboek niet meer betrouwbaar:
            behandel dit als een beveiligingsincident.
          </p>
        </div>
      ) : null}
      {check.status === 'failed' ? (
        <p class="notice error" role="alert">
          De controle lukte niet. {check.message}
        </p>
      ) : null}
    </section>
  );
}
