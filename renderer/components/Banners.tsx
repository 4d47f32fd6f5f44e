import { useUi } from '../app/store';

/** Problems the coordinator must see: storage full, the engine host failing. */
export function Banners() {
  const quotaError = useUi((s) => s.quotaError);
  const hostError = useUi((s) => s.hostError);
  const dismissQuota = useUi((s) => s.dismissQuotaError);
  const dismissHost = useUi((s) => s.dismissHostError);
  if (!quotaError && !hostError) return null;
  return (
    <div className="banners">
      {quotaError && (
        <div className="banner banner-danger" role="alert">
          <div>
            <strong>Storage is full: the last change was not saved.</strong>
            <p>
              The browser refused to store more data for this app. Free disk space or remove data of other
              sites, then try again. Nothing already saved was lost.
            </p>
            <p className="banner-detail">{quotaError}</p>
          </div>
          <button type="button" className="button button-quiet" onClick={dismissQuota}>
            Dismiss
          </button>
        </div>
      )}
      {hostError && (
        <div className="banner banner-warning" role="alert">
          <div>
            <strong>The background engine reported a problem.</strong>
            <p className="banner-detail">{hostError}</p>
          </div>
          <button type="button" className="button button-quiet" onClick={dismissHost}>
            Dismiss
          </button>
        </div>
      )}
    </div>
  );
}
