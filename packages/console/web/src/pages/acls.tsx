/** ACLs: every binding (filtered by principal), a form to add one and a delete button per row (hidden when read-only). */
import { useState } from 'preact/hooks';
import { api, query, type Session } from '../api.js';
import { Done, ErrorNotice, Loading } from '../components/status.js';
import { useLoad } from '../hooks.js';

interface Acl {
  pattern: { resourceType: string; name: string; patternType: string };
  entry: { principal: string; host: string; operation: string; permissionType: string };
}
interface Choices {
  resourceTypes: string[];
  patternTypes: string[];
  operations: string[];
  permissionTypes: string[];
}

const flat = (a: Acl) => ({ ...a.pattern, ...a.entry });

export function Acls({ session }: { session: Session }) {
  const [principal, setPrincipal] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const list = useLoad(
    () => api<{ acls: Acl[]; choices: Choices }>('GET', `/api/acls${query({ principal })}`),
    [principal],
  );
  const remove = async (a: Acl) => {
    try {
      await api('POST', '/api/acls/delete', flat(a));
      setError(null);
      setDone(`Deleted the ACL ${a.entry.permissionType} ${a.entry.operation} on ${a.pattern.name}.`);
      list.reload();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">ACLs</h1>
      {!session.readOnly && list.data && (
        <CreateAcl
          choices={list.data.choices}
          onCreated={(m) => {
            setDone(m);
            list.reload();
          }}
        />
      )}
      <div class="toolbar">
        <label>
          Filter by principal{' '}
          <input
            type="search"
            placeholder="User:alice"
            value={principal}
            onChange={(e) => setPrincipal((e.target as HTMLInputElement).value)}
          />
        </label>
      </div>
      <Loading when={list.loading && !list.data} />
      <ErrorNotice message={list.error ?? error} />
      <Done message={done} />
      {list.data && list.data.acls.length === 0 && <p class="muted">No ACLs.</p>}
      {list.data && list.data.acls.length > 0 && (
        <table>
          <caption class="sr-only">ACLs</caption>
          <thead>
            <tr>
              <th scope="col">Resource type</th>
              <th scope="col">Resource</th>
              <th scope="col">Pattern</th>
              <th scope="col">Principal</th>
              <th scope="col">Host</th>
              <th scope="col">Operation</th>
              <th scope="col">Permission</th>
              {!session.readOnly && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {list.data.acls.map((a) => {
              const f = flat(a);
              return (
                <tr key={JSON.stringify(f)}>
                  <td>{f.resourceType}</td>
                  <td>{f.name}</td>
                  <td>{f.patternType}</td>
                  <td>{f.principal}</td>
                  <td>{f.host}</td>
                  <td>{f.operation}</td>
                  <td>{f.permissionType}</td>
                  {!session.readOnly && (
                    <td>
                      <button
                        type="button"
                        onClick={() => remove(a)}
                        aria-label={`Delete ${f.permissionType} ${f.operation} on ${f.resourceType} ${f.name} for ${f.principal}`}
                      >
                        Delete
                      </button>
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Select({ name, label, values, value }: { name: string; label: string; values: string[]; value?: string }) {
  return (
    <label>
      {label}{' '}
      <select name={name} value={value ?? values[0]}>
        {values.map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </select>
    </label>
  );
}

function CreateAcl({ choices, onCreated }: { choices: Choices; onCreated: (message: string) => void }) {
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    const f = Object.fromEntries(new FormData(e.target as HTMLFormElement)) as Record<string, string>;
    try {
      await api('POST', '/api/acls', f);
      setError(null);
      onCreated(
        `Created the ACL ${f.permissionType} ${f.operation} on ${f.resourceType} ${f.name} for ${f.principal}.`,
      );
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <details class="panel">
      <summary>Add an ACL</summary>
      <form onSubmit={submit} class="form">
        <Select name="resourceType" label="Resource type" values={choices.resourceTypes} value="TOPIC" />
        <label>
          Resource name <input name="name" required />
        </label>
        <Select name="patternType" label="Pattern type" values={choices.patternTypes} />
        <label>
          Principal <input name="principal" required placeholder="User:alice" />
        </label>
        <label>
          Host <input name="host" value="*" />
        </label>
        <Select name="operation" label="Operation" values={choices.operations} value="READ" />
        <Select name="permissionType" label="Permission" values={choices.permissionTypes} />
        <button type="submit">Add ACL</button>
        <ErrorNotice message={error} />
      </form>
    </details>
  );
}
