export { storageModule } from "./module";
