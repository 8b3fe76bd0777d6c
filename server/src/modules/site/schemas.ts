import { Type } from 'typebox';

export const PublicUrlDto = Type.Object({
  url: Type.String(),
  source: Type.Union([Type.Literal('setting'), Type.Literal('env'), Type.Literal('request'), Type.Literal('none')]),
  problem: Type.Union([Type.Literal('unset'), Type.Literal('loopback'), Type.Literal('private'), Type.Null()]),
});
