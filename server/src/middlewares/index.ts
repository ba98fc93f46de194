import conflicts from './conflicts';

export default { conflicts };
