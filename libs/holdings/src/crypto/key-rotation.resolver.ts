import { Field, Int, Mutation, ObjectType, Resolver } from '@nestjs/graphql';
import { Ctx, Policy, RequestContext } from '@daicho/access';
import { KeyRotation } from './key-rotation';

@ObjectType('MasterKeyRotation', { description: 'What a master-key rotation did (key ids only)' })
export class MasterKeyRotationModel {
  @Field({ description: 'The new master key, now current' })
  newKeyId!: string;
  @Field(() => Int, { description: "Subjects' data keys re-wrapped under it" })
  rewrapped!: number;
  @Field(() => [String], { description: 'Old keys removed from the key file' })
  retiredKeyIds!: string[];
  @Field(() => [String], { description: 'Old keys kept: a wrapped key still references them' })
  keptKeyIds!: string[];
}

@Resolver(() => MasterKeyRotationModel)
export class KeyRotationResolver {
  constructor(private readonly rotation: KeyRotation) {}

  @Policy('update', 'MasterKey')
  @Mutation(() => MasterKeyRotationModel, {
    description:
      'Rotates the holdings master key while the servers run (the same as `npm run cli -- keys:rotate`); back up the key file afterwards',
  })
  rotateMasterKey(@Ctx() ctx: RequestContext): Promise<MasterKeyRotationModel> {
    return this.rotation.rotateAs(ctx);
  }
}
