/** Panel meetings (会议评审) as pure rules: quorum, threshold, the agenda's order. */
export * from './rules';
export * from './agenda';
