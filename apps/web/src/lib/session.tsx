import { gql } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import { createContext, useContext } from 'react';

export interface Me {
  id: string;
  email: string;
  name: string;
  roles: ('ADMIN' | 'PROGRAM_OFFICER' | 'REVIEWER')[];
}

export const ME = gql`
  query Me {
    me {
      id
      email
      name
      roles
    }
  }
`;

export const SessionContext = createContext<{ me: Me | null; signOut: () => void }>({
  me: null,
  signOut: () => undefined,
});
export const useSession = () => useContext(SessionContext);

export function useMe(skip: boolean) {
  return useQuery<{ me: Me }>(ME, { skip, fetchPolicy: 'network-only' });
}
