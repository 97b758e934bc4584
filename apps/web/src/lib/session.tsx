import { graphql } from '../gql';
import type { MeQuery } from '../gql/graphql';
import { useQuery } from '@apollo/client/react';
import { createContext, useContext } from 'react';

export const ME = graphql(`
  query Me {
    me {
      id
      email
      name
      roles
    }
  }
`);

export type Me = MeQuery['me'];

export const SessionContext = createContext<{ me: Me | null; signOut: () => void }>({
  me: null,
  signOut: () => undefined,
});
export const useSession = () => useContext(SessionContext);

export function useMe(skip: boolean) {
  return useQuery(ME, { skip, fetchPolicy: 'network-only' });
}
