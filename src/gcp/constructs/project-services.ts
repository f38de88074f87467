import { Construct } from 'constructs';
import { ProjectService } from '@cdktf/provider-google/lib/project-service';

export interface ProjectServicesProps {
  readonly projectId: string;
  /** API hostnames, e.g. container.googleapis.com. */
  readonly services: readonly string[];
}

/** Enables the project's APIs; other resources depend on `services` so they never race the enablement. */
export class ProjectServices extends Construct {
  readonly services: ProjectService[];

  constructor(scope: Construct, id: string, props: ProjectServicesProps) {
    super(scope, id);
    this.services = props.services.map((service) => new ProjectService(this, service.split('.')[0], {
      project: props.projectId,
      service,
      // Provider 6.x disables APIs on destroy by default: that would break anything else in the
      // project using them (and other stacks' resources), so destroying a stack leaves APIs on.
      disableOnDestroy: false,
      disableDependentServices: false,
    }));
  }
}
