import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import '../i18n';
import LoginPage from './LoginPage';

/** Answers /graphql with `result`, recording each request body: the page's only dependency. */
function serverAnswering(result: object, status = 200) {
  const calls: { operationName?: string; variables: unknown }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (_url: string, init: RequestInit) => {
      calls.push(JSON.parse(String(init.body)) as (typeof calls)[number]);
      return new Response(JSON.stringify(result), { status, headers: { 'content-type': 'application/json' } });
    }),
  );
  return calls;
}

const renderPage = (onSignedIn: () => void = () => undefined) =>
  render(
    <MemoryRouter>
      <LoginPage onSignedIn={onSignedIn} />
    </MemoryRouter>,
  );

describe('LoginPage', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    localStorage.clear();
  });

  it('shows Chinese validation messages and sends nothing for an empty form', async () => {
    const calls = serverAnswering({ data: null });
    renderPage();
    fireEvent.click(screen.getByRole('button', { name: /登\s*录/ }));
    expect(await screen.findByText('请输入邮箱')).toBeInTheDocument();
    expect(await screen.findByText('请输入密码')).toBeInTheDocument();
    expect(calls).toHaveLength(0);
  });

  it('stores the tokens and reports sign-in on success', async () => {
    const calls = serverAnswering({ data: { login: { accessToken: 'a.b.c', refreshToken: 'r'.repeat(43) } } });
    const onSignedIn = vi.fn();
    renderPage(onSignedIn);
    fireEvent.change(screen.getByLabelText('邮箱'), { target: { value: ' officer@demo.local ' } });
    fireEvent.change(screen.getByLabelText('密码'), { target: { value: 'demo-officer' } });
    fireEvent.click(screen.getByRole('button', { name: /登\s*录/ }));
    await waitFor(() => expect(onSignedIn).toHaveBeenCalled());
    expect(calls[0]).toMatchObject({
      operationName: 'Login',
      variables: { email: 'officer@demo.local', password: 'demo-officer' },
    });
    expect(localStorage.getItem('tianyuan.access')).toBe('a.b.c');
  });

  it('shows the server’s message when sign-in is refused, and stores nothing', async () => {
    serverAnswering({
      errors: [{ message: 'Wrong e-mail or password / 邮箱或密码错误', extensions: { code: 'UNAUTHENTICATED' } }],
    });
    const onSignedIn = vi.fn();
    renderPage(onSignedIn);
    fireEvent.change(screen.getByLabelText('邮箱'), { target: { value: 'x@demo.local' } });
    fireEvent.change(screen.getByLabelText('密码'), { target: { value: 'bad' } });
    fireEvent.click(screen.getByRole('button', { name: /登\s*录/ }));
    expect(await screen.findByRole('alert')).toHaveTextContent('邮箱或密码错误');
    expect(onSignedIn).not.toHaveBeenCalled();
    expect(localStorage.getItem('tianyuan.access')).toBeNull();
  });
});
