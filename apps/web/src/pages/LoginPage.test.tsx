import { ApolloClient, ApolloLink, InMemoryCache } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { Observable } from 'rxjs';
import { MemoryRouter } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import '../i18n';
import LoginPage from './LoginPage';

function clientAnswering(result: object) {
  const calls: unknown[] = [];
  const link = new ApolloLink((op) => {
    calls.push(op.variables);
    return new Observable((o) => {
      o.next(result);
      o.complete();
    });
  });
  return { client: new ApolloClient({ link, cache: new InMemoryCache() }), calls };
}

describe('LoginPage', () => {
  it('shows Chinese validation messages and sends nothing for an empty form', async () => {
    const { client, calls } = clientAnswering({ data: null });
    render(
      <ApolloProvider client={client}>
        <MemoryRouter>
          <LoginPage onSignedIn={() => undefined} />
        </MemoryRouter>
      </ApolloProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: /登\s*录/ }));
    expect(await screen.findByText('请输入邮箱')).toBeInTheDocument();
    expect(await screen.findByText('请输入密码')).toBeInTheDocument();
    expect(calls).toHaveLength(0);
  });

  it('stores the tokens and reports sign-in on success', async () => {
    const { client, calls } = clientAnswering({
      data: { login: { __typename: 'AuthPayload', accessToken: 'a.b.c', refreshToken: 'r'.repeat(43) } },
    });
    const onSignedIn = vi.fn();
    render(
      <ApolloProvider client={client}>
        <MemoryRouter>
          <LoginPage onSignedIn={onSignedIn} />
        </MemoryRouter>
      </ApolloProvider>,
    );
    fireEvent.change(screen.getByLabelText('邮箱'), { target: { value: ' officer@demo.local ' } });
    fireEvent.change(screen.getByLabelText('密码'), { target: { value: 'demo-officer' } });
    fireEvent.click(screen.getByRole('button', { name: /登\s*录/ }));
    await waitFor(() => expect(onSignedIn).toHaveBeenCalled());
    expect(calls[0]).toEqual({ email: 'officer@demo.local', password: 'demo-officer' });
    expect(localStorage.getItem('tianyuan.access')).toBe('a.b.c');
  });

  it('shows the server’s message when sign-in is refused', async () => {
    const { client } = clientAnswering({
      errors: [{ message: 'Wrong e-mail or password / 邮箱或密码错误', extensions: { code: 'UNAUTHENTICATED' } }],
    });
    render(
      <ApolloProvider client={client}>
        <MemoryRouter>
          <LoginPage onSignedIn={() => undefined} />
        </MemoryRouter>
      </ApolloProvider>,
    );
    fireEvent.change(screen.getByLabelText('邮箱'), { target: { value: 'x@demo.local' } });
    fireEvent.change(screen.getByLabelText('密码'), { target: { value: 'bad' } });
    fireEvent.click(screen.getByRole('button', { name: /登\s*录/ }));
    expect(await screen.findByRole('alert')).toHaveTextContent('邮箱或密码错误');
  });
});
