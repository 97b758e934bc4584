import { messageTexts, splitBilingual } from './texts';

describe('bilingual texts', () => {
  it.each([
    ['Wrong e-mail or password / 邮箱或密码错误', '邮箱或密码错误', 'Wrong e-mail or password'],
    // libs/eligibility writes Chinese first, and its Chinese quotes codes
    [
      '须有且仅有一名负责人（PI）和一名共同负责人（CO_PI），现有 PI 2 名、CO_PI 0 名 / exactly one PI and one CO_PI required, found 2 PI and 0 CO_PI',
      '须有且仅有一名负责人（PI）和一名共同负责人（CO_PI），现有 PI 2 名、CO_PI 0 名',
      'exactly one PI and one CO_PI required, found 2 PI and 0 CO_PI',
    ],
    // the English half quotes Chinese
    [
      'choose a rating (优/良/中/差) before submitting / 提交前请选择总体评价',
      '提交前请选择总体评价',
      'choose a rating (优/良/中/差) before submitting',
    ],
    // a slash inside one half is not a separator
    [
      'co-authored doi:10.1000/x (2023) / 合著 doi:10.1000/x（2023）',
      '合著 doi:10.1000/x（2023）',
      'co-authored doi:10.1000/x (2023)',
    ],
    [
      'Requires role ADMIN or PROGRAM_OFFICER / 需要角色 ADMIN、PROGRAM_OFFICER',
      '需要角色 ADMIN、PROGRAM_OFFICER',
      'Requires role ADMIN or PROGRAM_OFFICER',
    ],
  ])('splits %s', (text, zh, en) => {
    expect(splitBilingual(text)).toEqual({ zh, en });
  });

  it('uses a one-language text for both', () => {
    expect(splitBilingual('the round is finalized')).toEqual({
      zh: 'the round is finalized',
      en: 'the round is finalized',
    });
    expect(splitBilingual('a / b')).toEqual({ zh: 'a / b', en: 'a / b' });
  });

  it('keeps the field a message names in both languages', () => {
    expect(messageTexts('assignmentId: the review is submitted / 已提交，请先撤回', 'assignmentId')).toEqual({
      en: 'assignmentId: the review is submitted',
      zh: 'assignmentId：已提交，请先撤回',
    });
  });
});
