import { DECOY_HASH, hashPassword, verifyPassword } from './password-hasher';

describe('password hashes', () => {
  const fast = { N: 1024, r: 8, p: 1 };

  it('verifies the password it hashed and nothing else', async () => {
    const stored = await hashPassword('巡视-demo-1234', fast);
    expect(stored).toMatch(/^scrypt\$1024\$8\$1\$/);
    await expect(verifyPassword('巡视-demo-1234', stored)).resolves.toBe(true);
    await expect(verifyPassword('巡视-demo-1235', stored)).resolves.toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same-password-1', fast)).not.toBe(await hashPassword('same-password-1', fast));
  });

  it('keeps the parameters with the hash, so older ones still verify', async () => {
    const older = await hashPassword('password-2020', { N: 512, r: 4, p: 1 });
    await expect(verifyPassword('password-2020', older)).resolves.toBe(true);
  });

  it('matches no password with the decoy or a malformed hash', async () => {
    await expect(verifyPassword('', DECOY_HASH)).resolves.toBe(false);
    await expect(verifyPassword('x', 'plain-text')).resolves.toBe(false);
  });
});
