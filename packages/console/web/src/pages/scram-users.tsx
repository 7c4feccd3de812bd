/**
 * SCRAM users: each user's mechanisms and iterations, a form to add a user or change a password,
 * and a delete button per credential (hidden when read-only). Passwords are sent once and never
 * shown: the server answers descriptions only.
 */
import { useState } from 'preact/hooks';
import { api, type Session } from '../api.js';
import { Done, ErrorNotice, Loading } from '../components/status.js';
import { useLoad } from '../hooks.js';
import { enc } from '../router.js';

interface User {
  name: string;
  credentialInfos: Array<{ mechanism: string; iterations: number }>;
}

export function ScramUsers({ session }: { session: Session }) {
  const list = useLoad(() => api<{ users: User[]; mechanisms: string[] }>('GET', '/api/scram-users'), []);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const act = async (what: () => Promise<unknown>, message: string) => {
    try {
      await what();
      setError(null);
      setDone(message);
      list.reload();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const submit = (e: Event) => {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const f = new FormData(form);
    const user = String(f.get('user'));
    const body = {
      mechanism: String(f.get('mechanism')),
      password: String(f.get('password')),
      iterations: Number(f.get('iterations') || 4096),
    };
    form.reset();
    void act(
      () => api('PUT', `/api/scram-users/${enc(user)}`, body),
      `Saved the ${body.mechanism} credential of ${user}.`,
    );
  };
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">SCRAM users</h1>
      {!session.readOnly && list.data && (
        <details class="panel">
          <summary>Add a user or change a password</summary>
          <form onSubmit={submit} class="form">
            <label>
              User name <input name="user" required autocomplete="off" />
            </label>
            <label>
              Mechanism{' '}
              <select name="mechanism">
                {list.data.mechanisms.map((m) => (
                  <option key={m}>{m}</option>
                ))}
              </select>
            </label>
            <label>
              Password <input name="password" type="password" required autocomplete="new-password" />
            </label>
            <label>
              Iterations <input name="iterations" type="number" min="4096" max="16384" placeholder="4096" />
            </label>
            <button type="submit">Save credential</button>
          </form>
        </details>
      )}
      <Loading when={list.loading && !list.data} />
      <ErrorNotice message={list.error ?? error} />
      <Done message={done} />
      {list.data && list.data.users.length === 0 && <p class="muted">No SCRAM users.</p>}
      {list.data && list.data.users.length > 0 && (
        <table>
          <caption class="sr-only">SCRAM users</caption>
          <thead>
            <tr>
              <th scope="col">User</th>
              <th scope="col">Mechanism</th>
              <th scope="col" class="num">
                Iterations
              </th>
              {!session.readOnly && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {list.data.users.flatMap((u) =>
              u.credentialInfos.map((c) => (
                <tr key={`${u.name} ${c.mechanism}`}>
                  <td>{u.name}</td>
                  <td>{c.mechanism}</td>
                  <td class="num">{c.iterations}</td>
                  {!session.readOnly && (
                    <td>
                      <button
                        type="button"
                        aria-label={`Delete the ${c.mechanism} credential of ${u.name}`}
                        onClick={() =>
                          act(
                            () => api('DELETE', `/api/scram-users/${enc(u.name)}?mechanism=${enc(c.mechanism)}`),
                            `Deleted the ${c.mechanism} credential of ${u.name}.`,
                          )
                        }
                      >
                        Delete
                      </button>
                    </td>
                  )}
                </tr>
              )),
            )}
          </tbody>
        </table>
      )}
    </section>
  );
}
