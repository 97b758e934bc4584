import { registerEnumType } from '@nestjs/graphql';

export enum Role {
  ADMIN = 'ADMIN',
  PROGRAM_OFFICER = 'PROGRAM_OFFICER',
  REVIEWER = 'REVIEWER',
  /** 项目负责人: a funded project's lead or co-lead */
  PI = 'PI',
}
registerEnumType(Role, { name: 'Role', description: '管理员 / 项目主管 / 评审专家 / 项目负责人' });

export enum Discipline {
  MATH = 'MATH',
  MEDICINE = 'MEDICINE',
  IT = 'IT',
}
registerEnumType(Discipline, { name: 'Discipline', description: '数学 / 医学 / 信息技术' });
