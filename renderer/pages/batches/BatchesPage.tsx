import { BatchDetail } from './BatchDetail';
import { BatchList } from './BatchList';
import { useHashDetail } from './useHashDetail';
import '../settings/forms.css';
import './batches.css';

/** `#/batches`: the list; `#/batches/<id>`: one batch. */
export function BatchesPage() {
  const id = useHashDetail();
  return <div className="page batches">{id ? <BatchDetail key={id} id={id} /> : <BatchList />}</div>;
}
