import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessTokenVerifier } from '../common/auth/access-token';
import { UsersModule } from '../users/users.module';
import { AuthResolver } from './auth.resolver';
import { AuthService } from './auth.service';
import { LocalStrategy } from './local.strategy';
import { LoginAttemptEntity } from './login-attempt.entity';
import { RefreshTokenEntity } from './refresh-token.entity';

@Module({
  imports: [
    TypeOrmModule.forFeature([RefreshTokenEntity, LoginAttemptEntity]),
    PassportModule,
    JwtModule.register({}),
    UsersModule,
  ],
  providers: [AuthService, AuthResolver, AccessTokenVerifier, LocalStrategy],
  exports: [AccessTokenVerifier, AuthService],
})
export class AuthModule {}
