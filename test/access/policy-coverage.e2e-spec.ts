import { Module } from '@nestjs/common';
import { DiscoveryModule, DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { Query, Resolver, ResolveField } from '@nestjs/graphql';
import { Test } from '@nestjs/testing';
import { findOperationsWithoutPolicy, Policy, Public } from '@daicho/access';
import { TestApp } from '../harness/test-app';

@Resolver()
class HalfGuardedResolver {
  @Public()
  @Query(() => String)
  open(): string {
    return 'open';
  }

  @Policy('read', 'User')
  @Query(() => String)
  guarded(): string {
    return 'guarded';
  }

  @Query(() => String)
  forgotten(): string {
    return 'forgotten';
  }

  @ResolveField(() => String)
  forgottenField(): string {
    return 'field';
  }
}

@Module({ imports: [DiscoveryModule], providers: [HalfGuardedResolver] })
class FixtureModule {}

describe('every GraphQL operation declares an access decision', () => {
  it('finds none missing in the real server (which would also refuse to start)', async () => {
    const t = await TestApp.start();
    try {
      const missing = findOperationsWithoutPolicy(
        t.app.get(DiscoveryService),
        t.app.get(MetadataScanner),
        t.app.get(Reflector),
      );
      expect(missing).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('names the Query and ResolveField that lack one', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [FixtureModule] }).compile();
    const missing = findOperationsWithoutPolicy(
      moduleRef.get(DiscoveryService),
      new MetadataScanner(),
      new Reflector(),
    );
    expect(missing.sort()).toEqual([
      'HalfGuardedResolver.forgotten',
      'HalfGuardedResolver.forgottenField',
    ]);
  });
});
