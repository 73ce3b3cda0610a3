/**
 * The SNS topic every alarm of a stack notifies, with an optional email subscription.
 * Not KMS-encrypted on purpose: CloudWatch cannot publish to a topic encrypted with the
 * AWS-managed SNS key, and a customer key is left to the environment that needs one.
 */
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic/index.js';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription/index.js';
import { Construct } from 'constructs';

export interface AlarmTopicProps {
  readonly topicName: string;
  /** Subscribe this address (it must confirm the subscription). @default no subscription */
  readonly email?: string;
  readonly tags?: Readonly<Record<string, string>>;
}

export class AlarmTopic extends Construct {
  readonly topic: SnsTopic;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    this.topic = new SnsTopic(this, 'topic', {
      name: props.topicName,
      tags: props.tags ? { ...props.tags } : undefined,
    });
    if (props.email !== undefined) {
      new SnsTopicSubscription(this, 'email', {
        topicArn: this.topic.arn,
        protocol: 'email',
        endpoint: props.email,
      });
    }
  }
}
