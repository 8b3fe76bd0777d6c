import { Type, type Static } from 'typebox';

export const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 128 }),
    totp: Type.Optional(Type.String({ maxLength: 6 })),
  },
  { additionalProperties: false },
);

export const RoleGrantDto = Type.Object({
  role: Type.String(),
  roleLabel: Type.String(),
  unitId: Type.Integer(),
  unitName: Type.String(),
});

export const MeDto = Type.Object({
  user: Type.Object({
    id: Type.Integer(),
    username: Type.String(),
    displayName: Type.String(),
    memberId: Type.Union([Type.Integer(), Type.Null()]),
    totpEnabled: Type.Boolean(),
    isDemo: Type.Boolean(),
  }),
  roles: Type.Array(RoleGrantDto),
  member: Type.Union([
    Type.Object({ id: Type.Integer(), name: Type.String(), unitId: Type.Integer(), unitName: Type.String(), position: Type.String(), category: Type.String() }),
    Type.Null(),
  ]),
  csrfToken: Type.String(),
  restriction: Type.Union([Type.Object({ code: Type.String(), message: Type.String() }), Type.Null()]),
  passwordPolicy: Type.Object({ minLength: Type.Integer(), complexity: Type.Boolean() }),
  /**
   * What the user may do (platform/policy.ts): per action id `<module>.<key>`, the broadest
   * scope and the unit subtrees it reaches. The web app shows a button only when its action is here.
   */
  permissions: Type.Record(Type.String(), Type.Object({ scope: Type.Union([Type.Literal('own'), Type.Literal('subtree'), Type.Literal('town'), Type.Literal('any')]), unitPaths: Type.Array(Type.String()) })),
});
export type Me = Static<typeof MeDto>;

export const ChangePasswordBody = Type.Object(
  {
    oldPassword: Type.String({ minLength: 1, maxLength: 128 }),
    newPassword: Type.String({ minLength: 1, maxLength: 128 }),
    /** The current second-factor code, when the account has one on. */
    totp: Type.Optional(Type.String({ pattern: '^\\d{6}$' })),
  },
  { additionalProperties: false },
);

export const TotpCodeBody = Type.Object({ code: Type.String({ pattern: '^\\d{6}$' }) }, { additionalProperties: false });
export const Ok = Type.Object({ ok: Type.Boolean() });

/** Re-authentication for a security change: the password, and the current code when a second factor is on. */
export const ReauthBody = Type.Object(
  { password: Type.String({ minLength: 1, maxLength: 128 }), code: Type.Optional(Type.String({ pattern: '^\\d{6}$' })) },
  { additionalProperties: false },
);
