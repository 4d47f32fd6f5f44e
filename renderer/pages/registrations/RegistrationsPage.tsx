import { useHashDetail } from '../batches/useHashDetail';
import { RegistrationDetail } from './RegistrationDetail';
import { RegistrationSearch } from './RegistrationSearch';
import '../settings/forms.css';
import '../batches/batches.css';
import '../field/field.css';

/** `#/registrations`: search; `#/registrations/<registration_id>`: one registration. */
export function RegistrationsPage() {
  const id = useHashDetail();
  return (
    <div className="page field-page">
      {id ? <RegistrationDetail key={id} id={id} /> : <RegistrationSearch />}
    </div>
  );
}
