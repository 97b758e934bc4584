import { Field, InputType } from '@nestjs/graphql';
import {
  ArrayMinSize,
  ArrayUnique,
  IsBoolean,
  IsEmail,
  IsEnum,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
} from 'class-validator';
import { Role } from '../../common/auth/role.enum';

@InputType()
export class CreateUserInput {
  @Field()
  @IsEmail({}, { message: 'email must be a valid e-mail address / 邮箱格式不正确' })
  @MaxLength(320)
  email!: string;

  @Field()
  @IsString()
  @Length(1, 100, { message: 'name must be 1 to 100 characters / 姓名长度须为 1 到 100' })
  name!: string;

  @Field(() => [Role])
  @ArrayMinSize(1, { message: 'roles must name at least one role / 至少指定一个角色' })
  @ArrayUnique()
  @IsEnum(Role, { each: true })
  roles!: Role[];

  @Field()
  @IsString()
  password!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsUUID()
  personId?: string | null;
}

@InputType()
export class UpdateUserInput {
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 100, { message: 'name must be 1 to 100 characters / 姓名长度须为 1 到 100' })
  name?: string;

  @Field(() => [Role], { nullable: true })
  @IsOptional()
  @ArrayMinSize(1, { message: 'roles must name at least one role / 至少指定一个角色' })
  @ArrayUnique()
  @IsEnum(Role, { each: true })
  roles?: Role[];

  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;

  @Field({ nullable: true })
  @IsOptional()
  @IsIn(['zh-CN', 'en-US'], { message: 'locale must be zh-CN or en-US' })
  locale?: string;
}
