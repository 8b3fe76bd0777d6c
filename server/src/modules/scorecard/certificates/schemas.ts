import { Type, type Static } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const IdParams = Type.Object({ id: Type.Integer() });
export const ListParams = Type.Object({ listId: Type.Integer() });
export const UnitIdQuery = Type.Object({ unitId: Type.Integer() }, { additionalProperties: false });

export const CertificateDto = Type.Object({
  id: Type.Integer(),
  number: Type.String(),
  memberId: Type.Integer(),
  name: Type.String(),
  unitName: Type.String(),
  title: Type.String(),
  issuedOn: Type.String(),
  status: Type.String(),
  revokedAt: Nullable(Type.String()),
  revokeReason: Nullable(Type.String()),
});
export type CertificateView = Static<typeof CertificateDto>;

export const CertificateDetailDto = Type.Intersect([CertificateDto, Type.Object({ verifyUrl: Type.String() })]);

export const HonorsDto = Type.Object({
  year: Type.Integer(),
  unit: Type.Object({ id: Type.Integer(), name: Type.String(), path: Type.String() }),
  count: Type.Integer(),
  sealUploaded: Type.Boolean(),
  candidates: Type.Array(Type.Object({ memberId: Type.Integer(), name: Type.String(), unitName: Type.String(), total: Type.Number(), rank: Type.Integer() })),
  list: Nullable(
    Type.Object({
      id: Type.Integer(),
      title: Type.String(),
      version: Type.Integer(),
      confirmedAt: Nullable(Type.String()),
      entries: Type.Array(
        Type.Object({
          memberId: Type.Integer(),
          name: Type.String(),
          unitName: Type.String(),
          included: Type.Boolean(),
          position: Nullable(Type.Integer()),
          total: Type.Number(),
          rank: Type.Integer(),
          reason: Nullable(Type.String()),
        }),
      ),
    }),
  ),
  certificates: Type.Array(CertificateDto),
});
export type Honors = Static<typeof HonorsDto>;

export const ConfirmBody = Type.Object(
  {
    unitId: Type.Integer(),
    title: Type.Optional(Type.String({ maxLength: 20 })),
    memberIds: Type.Array(Type.Integer(), { maxItems: 1000 }),
    reasons: Type.Optional(Type.Array(Type.Object({ memberId: Type.Integer(), reason: Type.String({ maxLength: 500 }) }, { additionalProperties: false }), { maxItems: 2000 })),
    version: Type.Optional(Nullable(Type.Integer())),
  },
  { additionalProperties: false },
);
export type ConfirmBodyInput = Static<typeof ConfirmBody>;

export const IssueBody = Type.Object(
  { memberIds: Type.Array(Type.Integer(), { maxItems: 1000 }), issuedOn: Type.Optional(Type.String({ maxLength: 10 })) },
  { additionalProperties: false },
);
export const RevokeBody = Type.Object({ reason: Type.String({ maxLength: 500 }) }, { additionalProperties: false });

export const VerifyQuery = Type.Object({ p: Type.Optional(Type.String({ maxLength: 4000 })), s: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false });
export const VerifyParams = Type.Object({ number: Type.String({ maxLength: 40 }) });
export const VerifyDto = Type.Object({
  status: Type.Union([Type.Literal('valid'), Type.Literal('revoked'), Type.Literal('unknown'), Type.Literal('invalid')]),
  number: Type.String(),
  message: Type.String(),
  certificate: Nullable(
    Type.Object({
      number: Type.String(),
      name: Type.String(),
      unit: Type.String(),
      title: Type.String(),
      date: Type.String(),
      keyId: Type.String(),
      revokedAt: Nullable(Type.String()),
      revokeReason: Nullable(Type.String()),
    }),
  ),
});
export type VerifyResult = Static<typeof VerifyDto>;

export const KeysDto = Type.Array(Type.Object({ keyId: Type.String(), publicKeyPem: Type.String(), createdAt: Type.String() }));

export const Ok = Type.Object({ ok: Type.Boolean() });
export const ListIdDto = Type.Object({ listId: Type.Integer() });
export const IssuedDto = Type.Object({ certificateIds: Type.Array(Type.Integer()) });
export const SealDto = Type.Object({ id: Type.Integer(), mime: Type.String(), size: Type.Integer() });
export const CertificateList = Type.Array(CertificateDto);
