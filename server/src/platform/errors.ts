/** An error the API reports to the user: a status, a stable code and a message in Chinese. */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, details?: unknown) => new AppError(400, 'BAD_REQUEST', message, details);
export const unauthorized = (message = '请先登录') => new AppError(401, 'UNAUTHORIZED', message);
export const forbidden = (message = '您没有权限进行此操作') => new AppError(403, 'FORBIDDEN', message);
export const notFound = (message = '找不到该记录') => new AppError(404, 'NOT_FOUND', message);
export const conflict = (message = '该记录已被他人修改，请刷新后重试') => new AppError(409, 'CONFLICT', message);
