export { GalleryModule, GALLERY_ENTITIES } from './gallery.module.js';
