import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { ErrorLink } from '@apollo/client/link/error';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { SetContextLink } from '@apollo/client/link/context';
import { Observable } from 'rxjs';
import { refreshTokens, tokens } from './auth';

/** Apollo Client with bearer auth; an UNAUTHENTICATED answer triggers one refresh and a retry. */
export function createApolloClient(onSignedOut: () => void) {
  const auth = new SetContextLink((prev) => {
    const t = tokens.get();
    return { headers: { ...prev.headers, ...(t ? { authorization: `Bearer ${t.accessToken}` } : {}) } };
  });
  const retry = new ErrorLink(({ error, operation, forward }) => {
    if (!CombinedGraphQLErrors.is(error)) return;
    if (!error.errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) return;
    if (operation.operationName === 'Login') return;
    return new Observable((observer) => {
      void refreshTokens().then((ok) => {
        if (!ok) {
          onSignedOut();
          observer.error(error);
          return;
        }
        forward(operation).subscribe(observer);
      });
    });
  });
  return new ApolloClient({
    link: ApolloLink.from([retry, auth, new HttpLink({ uri: '/graphql' })]),
    cache: new InMemoryCache(),
  });
}
